ALTER TABLE book ADD COLUMN isbn TEXT;
UPDATE book SET isbn = '978-0-06-051275-0' WHERE title = 'The Dispossessed';
