-- a day's frequent clients beyond the cap (gremio.estadisticas.frecuentes-max lowered since it was computed)
DELETE FROM estadistica_frecuente WHERE fecha = :#fecha AND puesto > :#frecuentesMax
