-- GET /api/reposiciones: the latest delivery rounds
SELECT id, carritos, creado FROM reparto ORDER BY id DESC LIMIT 100
