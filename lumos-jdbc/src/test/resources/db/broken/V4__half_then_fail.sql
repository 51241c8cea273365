INSERT INTO author(id, name) VALUES (10, 'written before the failure');
INSERT INTO no_such_table VALUES (1);
