INSERT INTO author(id, name) VALUES (1, 'Ursula K. Le Guin'), (2, 'Stanisław Lem');
INSERT INTO book(author_id, title, published) VALUES (1, 'The Dispossessed', '1974-05-01'), (2, 'Solaris', '1961-01-01');
