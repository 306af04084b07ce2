-- GET /api/miembros: a page of applications, by RUT, after :#despues1
SELECT rut, nombre, apellido, email, patente, premium, estado FROM miembro WHERE rut > :#despues1
ORDER BY rut LIMIT :#filas
