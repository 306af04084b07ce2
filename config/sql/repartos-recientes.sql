-- GET /api/reposiciones: a page of delivery rounds, newest first, after round ?
SELECT id, carritos, creado FROM reparto WHERE id < ? ORDER BY id DESC LIMIT ?
