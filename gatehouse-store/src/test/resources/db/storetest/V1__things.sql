CREATE TABLE things (
  name TEXT ${text_key} NOT NULL PRIMARY KEY,
  size BIGINT NOT NULL
);

CREATE TABLE parts (
  thing TEXT ${text_key} NOT NULL REFERENCES things (name),
  part TEXT NOT NULL,
  PRIMARY KEY (thing, part)
);
