package cl.gremio.rutas;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.UUID;

import cl.gremio.almacen.Almacen;
import cl.gremio.almacen.Estadisticas;
import cl.gremio.almacen.Filas;
import cl.gremio.almacen.Lotes;
import cl.gremio.almacen.RechazoDelAlmacen;
import cl.gremio.almacen.Repartos;
import cl.gremio.almacen.Turnos;
import cl.gremio.entrada.Acceso;
import cl.gremio.entrada.FormularioAntiguo;
import cl.gremio.entrada.Lector;
import cl.gremio.entrada.Limite;
import cl.gremio.entrada.Validador;
import cl.gremio.kafka.CopiaDlt;
import cl.gremio.kafka.Disposicion;
import cl.gremio.kafka.RegistrosDeVenta;
import cl.gremio.web.Paginacion;
import cl.gremio.web.Paginas;
import cl.gremio.web.Respuestas;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.sql.SqlComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The beans the routes call, as GremioConfiguration binds them, without a broker: the pure ones
 * are the real classes; what writes to the store gets an in-memory H2 (PostgreSQL mode, migrated
 * like the real one: a few hundred ms). Settings come from config/application.properties.
 */
public class BeansDePrueba implements CamelConfiguration {

    /** The board's password in route tests. */
    public static final String CLAVE = "clave-de-prueba";

    @Override
    public void configure(CamelContext context) throws Exception {
        Registry r = context.getRegistry();
        ZoneId zona = ZoneId.of(ajuste(context, "gremio.zona"));
        Duration atraso = Duration.ofSeconds(Long.parseLong(ajuste(context, "gremio.hora.max-atraso-segundos")));
        // one database per context: test classes never see each other's rows
        HikariDataSource ds = Almacen.abrir("jdbc:h2:mem:rutas-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "", "");
        context.getComponent("sql", SqlComponent.class).setDataSource(ds);
        r.bind("dataSource", ds);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                ds.close();
            }
        }, true);

        Validador validador = new Validador(cl.gremio.entrada.Esquemas.de(cl.gremio.entrada.Esquemas.CARPETA), zona, atraso,
                Duration.ofSeconds(Long.parseLong(ajuste(context, "gremio.hora.max-adelanto-segundos"))),
                Integer.parseInt(ajuste(context, "camel.server.max-body-size")));
        Lector lector = new Lector(validador);
        r.bind("validador", validador);
        r.bind("lector", lector);
        r.bind("acceso", new Acceso(ajuste(context, "gremio.admin.usuario"), CLAVE));
        r.bind("rechazoDelAlmacen", new RechazoDelAlmacen());
        r.bind("saludAlmacen", new cl.gremio.almacen.SaludAlmacen(ds));
        r.bind("copiaDlt", new CopiaDlt(Integer.parseInt(ajuste(context, "gremio.dlt.max-bytes"))));
        Disposicion disposicion = Disposicion.publicar(context, k -> ajuste(context, k));
        r.bind("disposicion", disposicion);
        r.bind("loteVentas", Lotes.ventas(ds, lector, disposicion.contenidosPorTopico("ventas")));
        r.bind("loteUbicaciones", Lotes.ubicaciones(ds, lector, disposicion.contenidosPorTopico("ubicacion")));
        Repartos repartos = new Repartos(ds, zona, Integer.parseInt(ajuste(context, "gremio.reparto.tamano")),
                Duration.ofMillis(Long.parseLong(ajuste(context, "gremio.reparto.espera-max"))));
        r.bind("repartos", repartos);
        r.bind("loteStock", Lotes.stock(ds, lector, repartos, disposicion.contenidosPorTopico("stock")));
        r.bind("registrosDeVenta", new RegistrosDeVenta(disposicion));
        r.bind("formularioAntiguo", new FormularioAntiguo(validador));
        r.bind("limite", new Limite(Integer.parseInt(ajuste(context, "gremio.http.limite-por-minuto")),
                Integer.parseInt(ajuste(context, "gremio.http.limite-ventana-segundos"))));
        r.bind("paginas", new Paginas());
        r.bind("respuestas", new Respuestas(Integer.parseInt(ajuste(context, "gremio.http.retry-after"))));
        r.bind("filas", new Filas(zona));
        Paginacion paginacion = Paginacion.con(k -> ajuste(context, k));
        r.bind("paginacion", paginacion);
        r.bind("estadisticas", Estadisticas.con(ds, zona, atraso, Path.of(ajuste(context, "gremio.data.dir")), paginacion,
                k -> ajuste(context, k)));
        r.bind("turnos", new Turnos(ds, zona));
        r.bind("publicacion", new cl.gremio.almacen.Publicacion(ds, zona,
                Path.of(ajuste(context, "gremio.data.dir")).resolve("reportes")));
        // the real one is a service that opens an admin client to the broker; only the revision calls it
        r.bind("consumoVentas", new SinConsumo());
    }

    /** Stands in for cl.gremio.kafka.ConsumoVentas: no broker, so nothing is known to be consumed. */
    public static class SinConsumo {
        public OffsetDateTime consumidoHasta() {
            return null;
        }
    }

    static String ajuste(CamelContext context, String clave) {
        return context.getPropertiesComponent().resolveProperty(clave).orElseThrow().trim();
    }
}
