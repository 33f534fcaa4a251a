-- The product catalogue (issue 16). Every catalogue entity (product type, dictionary,
-- product, promotion) is a versioned item of one shape: a key, a version, a TMF620
-- lifecycleStatus ("In design", "In test", "Active", "Retired"), a validity period and a JSONB
-- body whose schema depends on the kind (and, for products, on the product type's feature
-- schema, which is itself data). Assets are stored once by their SHA-256; the audit trail
-- keeps every change (who, when, what). Times are ISO-8601 UTC text as the REST shows them.
CREATE TABLE catalogue_item (
  kind              text NOT NULL CHECK (kind IN ('productType', 'dictionary', 'product', 'promotion')),
  key               text NOT NULL,
  version           integer NOT NULL,
  lifecycle_status  text NOT NULL,
  type_key          text,            -- products: their product type
  valid_from        text,            -- ISO date or date-time, inclusive
  valid_to          text,            -- exclusive
  body              jsonb NOT NULL,
  created_by        text NOT NULL,
  created_at        text NOT NULL,
  updated_by        text NOT NULL,
  updated_at        text NOT NULL,
  submitted_by      text,
  submitted_at      text,
  published_by      text,
  published_at      text,
  PRIMARY KEY (kind, key, version)
);
-- Lists by status (the offers read every active product) and by product type.
CREATE INDEX catalogue_item_status ON catalogue_item (kind, lifecycle_status, key);
CREATE INDEX catalogue_item_type ON catalogue_item (kind, type_key);

CREATE TABLE catalogue_asset (
  sha256        text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content_type  text NOT NULL,
  size          bigint NOT NULL,
  file_name     text,
  data          bytea NOT NULL,
  created_by    text NOT NULL,
  created_at    text NOT NULL
);

CREATE TABLE catalogue_audit (
  id          bigserial PRIMARY KEY,
  at          text NOT NULL,
  user_id     text NOT NULL,
  kind        text NOT NULL,
  key         text NOT NULL,
  version     integer,
  action      text NOT NULL,   -- create, update, submit, reject, publish, retire, upload
  detail      jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX catalogue_audit_item ON catalogue_audit (kind, key, id);

-- Authorization (resource type 100 "Catalogue", dpc's own): everyone logged in may READ
-- the catalogue; the catalogue-editors group may do everything (create, update, publish);
-- camunda-admin may anyway.
INSERT INTO identity_authorization (id, type, user_id, group_id, resource_type, resource_id, permissions) VALUES
  ('dpc-auth-catalogue-read', 0, '*', NULL, 100, '*', 2),
  ('dpc-auth-catalogue-editors', 1, NULL, 'catalogue-editors', 100, '*', 2147483647);
