-- Communication templates (issue 16): e-mail, SMS and push templates are catalogue items of
-- kind 'template' with the products' versions and lifecycle; type_key holds the channel.
ALTER TABLE catalogue_item DROP CONSTRAINT catalogue_item_kind_check;
ALTER TABLE catalogue_item ADD CONSTRAINT catalogue_item_kind_check
  CHECK (kind IN ('productType', 'dictionary', 'product', 'promotion', 'template'));
