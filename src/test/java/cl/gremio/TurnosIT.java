package cl.gremio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Two instances on the same database and cron: each firing of the daily statistics runs on one
 * instance only. Counted from both instances' own route metrics against the firings recorded.
 */
class TurnosIT {

    static final Pattern EJECUCIONES = Pattern.compile(
            "camel_exchanges_total\\{[^}]*routeId=\"calcular-estadisticas\"[^}]*} ([0-9.]+)");

    static double ejecuciones(AppEnMarcha app) throws Exception {
        String metricas = app.send(app.request("/").uri(java.net.URI.create(
                "http://127.0.0.1:" + app.managementPort + "/observe/metrics")).GET()).body();
        Matcher m = EJECUCIONES.matcher(metricas);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    static int disparos(Postgres pg) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.ajustes().get("gremio.db.url"), "postgres", "");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT COUNT(*) FROM tarea_programada WHERE tarea = 'estadisticas-diarias'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void cadaDisparoLoEjecutaUnaSolaInstancia() throws Exception {
        try (Postgres pg = Postgres.nueva()) {
            Map<String, String> ajustes = new HashMap<>(pg.ajustes());
            ajustes.put("gremio.estadisticas.cron", "0/1 * * * * ?");
            ajustes.put("gremio.instancia", "primera");
            try (AppEnMarcha primera = AppEnMarcha.nueva(ajustes)) {
                ajustes.put("gremio.instancia", "segunda");
                ajustes.put("gremio.kafka.brokers", primera.brokers());
                try (AppEnMarcha segunda = AppEnMarcha.nueva(ajustes)) {
                    long hasta = System.currentTimeMillis() + 30_000;
                    while (disparos(pg) < 6 && System.currentTimeMillis() < hasta) {
                        Thread.sleep(250);
                    }
                    double hechas = ejecuciones(primera) + ejecuciones(segunda);
                    int disparos = disparos(pg);
                    assertTrue(disparos >= 4, "the cron fired every second: " + disparos);
                    // each firing ran at most once (a firing still in progress may not be counted yet)
                    assertTrue(hechas <= disparos && hechas >= disparos - 2,
                            "computations " + hechas + " for " + disparos + " firings on two instances");
                }
            }
        }
    }
}
