-- Engine-wide properties (like Camunda's ACT_GE_PROPERTY): schema identity and settings
-- that every node reads at start-up.
CREATE TABLE engine_property (
  name  text PRIMARY KEY,
  value text NOT NULL
);

INSERT INTO engine_property (name, value) VALUES
  ('schema.owner', 'dpc'),
  ('history.level', 'full');
