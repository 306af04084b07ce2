package cl.gremio.entrada;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * The direct checks ({@link Comprobacion}) only ever say yes where the general validator says
 * yes too, and they do say yes to what Gremio itself sends, or they would save nothing.
 */
class ComprobacionTest {

    static final Esquemas ESQUEMAS = Esquemas.de(Esquemas.CARPETA);
    static final List<String> NOMBRES = List.of("solicitud-venta", "solicitud-miembro", "solicitud-aviso", "venta",
            "venta-cliente", "posicion", "aviso", "stock", "miembro");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String HUELLA = "\"huella\":\"0123456789abcdef0123456789abcdef\"";
    /** A document of each schema as Gremio sends it: what the direct checks must admit. */
    static final Map<String, String> ENVIADOS = Map.of(
            "solicitud-venta", "{\"id\":\"v-1\",\"carrito\":\"AB-1\",\"cliente\":\"Ana\",\"cantidad\":3,\"stock\":15,"
                    + "\"latitud\":-33.45,\"longitud\":-70,\"hora\":\"2026-12-04T10:15:00-03:00\"}",
            "solicitud-miembro", "{\"nombre\":\"Ana\",\"apellido\":\"Soto\",\"rut\":\"12345678-5\",\"email\":\"a@b.cl\","
                    + "\"patente\":\"BBBB12\",\"premium\":true}",
            "solicitud-aviso", "{\"id\":\"a-1\",\"carrito\":\"AB-1\",\"latitud\":-33.45,\"longitud\":-70.66}",
            "venta", "{\"id\":\"v-1\",\"carrito\":\"AB-1\",\"cantidad\":3,\"hora\":\"2026-12-04T10:15:00-03:00\","
                    + "\"cliente\":\"Ana\",\"stock\":15,\"latitud\":-33.45,\"longitud\":-70.66," + HUELLA + "}",
            "venta-cliente", "{\"id\":\"v-1\",\"carrito\":\"AB-1\",\"cliente\":\"Ana\",\"cantidad\":3," + HUELLA + "}",
            "posicion", "{\"carrito\":\"AB-1\",\"latitud\":-33.45,\"longitud\":-70.66,\"segundos\":1764854100,"
                    + "\"id\":\"v-1\"," + HUELLA + "}",
            "aviso", "{\"id\":\"a-1\",\"carrito\":null,\"latitud\":-33.45,\"longitud\":-70.66,"
                    + "\"hora\":\"2026-12-04T10:15:00-03:00\"}",
            "stock", "{\"carrito\":\"AB-1\",\"id\":\"v-1\",\"stock\":15,\"hora\":\"2026-12-04T10:15:00-03:00\"," + HUELLA + "}",
            "miembro", "{\"nombre\":\"Ana\",\"apellido\":\"Soto\",\"rut\":\"12345678-5\",\"email\":\"a@b.cl\","
                    + "\"patente\":\"BBBB12\",\"premium\":false}");

    @Test
    void cadaEsquemaDelProyectoTieneSusComprobacionesYAdmiteLoQueGremioEnvia() throws Exception {
        NOMBRES.forEach(n -> assertNotNull(ESQUEMAS.de(n).comprobacion(), n + " says more than the direct checks know"));
        for (Map.Entry<String, String> e : ENVIADOS.entrySet()) {
            ObjectNode documento = (ObjectNode) JSON.readTree(e.getValue());
            assertEquals(List.of(), ESQUEMAS.de(e.getKey()).schema().validate(Campos.comoJackson3(documento)), e.getKey());
            assertTrue(ESQUEMAS.de(e.getKey()).comprobacion().admite(documento), e.getKey());
        }
    }

    /** A document Gremio sends, with up to three fields changed to a value near a rule's edge or removed. */
    @Property(tries = 5000)
    void loQueAdmitenLoAdmiteElValidadorGeneral(@ForAll("esquemas") String nombre,
            @ForAll("cambios") List<Map.Entry<String, JsonNode>> cambios) throws Exception {
        ObjectNode documento = (ObjectNode) JSON.readTree(ENVIADOS.get(nombre));
        cambios.forEach(c -> {
            if (c.getValue() == null) {
                documento.remove(c.getKey());
            } else {
                documento.set(c.getKey(), c.getValue());
            }
        });
        Esquema esquema = ESQUEMAS.de(nombre);
        boolean admitido = esquema.comprobacion().admite(documento);
        Statistics.label("admitted").collect(admitido);
        if (admitido) {
            assertEquals(List.of(), esquema.schema().validate(Campos.comoJackson3(documento)), nombre + " " + documento);
        }
        Statistics.label("admitted").coverage(c -> c.check(true).percentage(p -> p > 10));
        Statistics.label("admitted").coverage(c -> c.check(false).percentage(p -> p > 10));
    }

    @Provide
    Arbitrary<String> esquemas() {
        return Arbitraries.of(NOMBRES);
    }

    /** Changes to a document: a field (declared somewhere, or not) set to a value, or removed (null). */
    @Provide
    Arbitrary<List<Map.Entry<String, JsonNode>>> cambios() {
        List<String> campos = List.of("id", "carrito", "cliente", "cantidad", "stock", "latitud", "longitud", "hora",
                "huella", "segundos", "rut", "nombre", "apellido", "email", "patente", "premium", "estado", "otro");
        Arbitrary<JsonNode> valor = Arbitraries.oneOf(valores(), Arbitraries.just(null));
        return Combinators.combine(Arbitraries.of(campos), valor)
                .as((c, v) -> (Map.Entry<String, JsonNode>) new java.util.AbstractMap.SimpleEntry<>(c, v)).list().ofMaxSize(3);
    }

    private static Arbitrary<JsonNode> valores() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Arbitrary<JsonNode> textos = Arbitraries.of("", " ", "a", "AB-1", "AB-1\n", "ab_1", "ABCDEFGHIJKLMNOP",
                "ABCDEFGHIJKLMNOPQ", "v-1", "v:1.2_3", "x".repeat(64), "x".repeat(65), "Ana", "\ud83d\ude00",
                "\ud83d\ude00".repeat(40), "\ud83d\ude00".repeat(41), "a".repeat(80), "a".repeat(81),
                "2026-12-04T10:15:00-03:00", "2026-12-04T10:15:00Z", "2026-12-04T10:15:00.123+00:00",
                "2026-12-04T10:15:00-03:00\n", "2026-12-04 10:15:00", "10:15", "0123456789abcdef0123456789abcdef",
                "0123456789ABCDEF0123456789ABCDEF", "0123456789abcdef0123456789abcdef\n", "12345678-5", "BBBB12",
                "AB1234", "bbbb12", "BBBB123", "a@b.cl", "a@b", "pendiente", "aprobado", "rechazado", "efectivo",
                "true", "3").map(f::textNode);
        Arbitrary<JsonNode> enteros = Arbitraries.of(0L, 1L, -1L, 3L, 1000L, 1001L, 2147483647L, 2147483648L,
                1764854100L, 9_007_199_254_740_993L, Long.MAX_VALUE, Long.MIN_VALUE).map(f::numberNode);
        Arbitrary<JsonNode> decimales = Arbitraries.of(0.0, -0.0, 1.5, 3.0, -33.45, 90.0, 90.000001, -90.0,
                -90.5, 180.0, 180.1, -180.0, 1e300, 1000.0, 1000.5).map(f::numberNode);
        Arbitrary<JsonNode> otros = Arbitraries.of(f.booleanNode(true), f.booleanNode(false), f.nullNode(),
                f.arrayNode(), f.objectNode(), f.numberNode(new java.math.BigDecimal("90.0000000000000000001")),
                f.numberNode(new java.math.BigInteger("123456789012345678901234567890")));
        return Arbitraries.oneOf(textos, enteros, decimales, otros);
    }
}
