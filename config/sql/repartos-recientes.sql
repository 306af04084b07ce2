-- GET /api/reposiciones: a page of delivery rounds, newest first, after round despues
SELECT id, carritos, creado FROM reparto WHERE id < :#despues ORDER BY id DESC LIMIT :#filas
