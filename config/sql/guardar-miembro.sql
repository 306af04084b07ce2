-- miembros route, step guardar-miembro
MERGE INTO miembro m
USING (VALUES (CAST(:#rut AS VARCHAR(12)), CAST(:#nombre AS VARCHAR(80)), CAST(:#apellido AS VARCHAR(80)),
CAST(:#email AS VARCHAR(254)), CAST(:#patente AS VARCHAR(6)), CAST(:#premium AS BOOLEAN)))
AS n (rut, nombre, apellido, email, patente, premium)
ON m.rut = n.rut
WHEN MATCHED AND (m.nombre <> n.nombre OR m.apellido <> n.apellido OR m.email <> n.email
OR m.patente <> n.patente OR m.premium <> n.premium) THEN
UPDATE SET nombre = n.nombre, apellido = n.apellido, email = n.email, patente = n.patente, premium = n.premium,
estado = CASE WHEN m.estado = 'rechazado' THEN 'rechazado'
WHEN n.premium OR m.estado = 'aprobado' THEN 'aprobado' ELSE 'pendiente' END
WHEN NOT MATCHED THEN
INSERT (rut, nombre, apellido, email, patente, premium, estado)
VALUES (n.rut, n.nombre, n.apellido, n.email, n.patente, n.premium, CASE WHEN n.premium THEN 'aprobado' ELSE 'pendiente' END)
