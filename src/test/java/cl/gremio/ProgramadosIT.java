package cl.gremio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The scheduled routes run on their cron (here every two seconds): the daily statistics write
 * today's report and the publication approves pending members. And gremio.kafka.brokers makes
 * an instance use an existing cluster instead of starting a broker.
 */
class ProgramadosIT {

    @Test
    void tareasProgramadasYClusterExterno() throws Exception {
        try (AppEnMarcha app = AppEnMarcha.nueva(Map.of("gremio.estadisticas.cron", "0/2 * * * * ?",
                "gremio.miembros.cron", "1/2 * * * * ?"))) {
            String hoy = LocalDate.now(ZoneId.of("America/Santiago")).toString();
            assertEquals(202, app.postForm("/api/miembros",
                    "nombre=Eva&apellido=Paz&rut=12.345.678-5&email=e%40x.cl&patente=AB1234").statusCode());
            Path reporte = app.dataDir.resolve("reportes/estadisticas-" + hoy + ".csv");
            long hasta = System.currentTimeMillis() + 20_000;
            while (!(Files.exists(reporte) && aprobado(app)) && System.currentTimeMillis() < hasta) {
                Thread.sleep(250);
            }
            assertTrue(Files.exists(reporte), "the daily statistics ran on their cron");
            assertTrue(aprobado(app), "the monthly publication ran on its cron");

            try (AppEnMarcha externa = AppEnMarcha.nueva(Map.of("gremio.kafka.brokers", app.brokers()))) {
                assertEquals(null, externa.main().getCamelContext().hasService(cl.gremio.kafka.EmbeddedKafka.class),
                        "no broker of its own");
                assertEquals(202, externa.postJson("/api/ventas", "{\"carrito\":\"EXT-1\",\"cliente\":\"x\","
                        + "\"cantidad\":1,\"stock\":50,\"latitud\":1,\"longitud\":1}").statusCode());
                assertEquals(1, Registros.de(app.brokers(), "NuevaVenta", 0, r -> "EXT-1".equals(r.key())).size(),
                        "its records are in the cluster it was pointed at");
                assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", externa.kafkaPort).close(),
                        "nothing listens on the embedded port it did not use");
            }
        }
    }

    static boolean aprobado(AppEnMarcha app) throws Exception {
        return app.send(app.request("/api/miembros").header("Authorization", app.credenciales()).GET()).body()
                .contains("\"estado\":\"aprobado\"");
    }
}
