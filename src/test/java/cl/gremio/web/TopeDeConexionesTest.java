package cl.gremio.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The connection cap against the process's file descriptor limit (ulimit -n). */
class TopeDeConexionesTest {

    @Test
    void elTopePedidoQuedaSiElLimiteDejaLaReserva() {
        assertEquals(4096, LimitesHttp.maximoSegunDescriptores(4096, 1024, 64, 20_000));
        assertEquals(4096, LimitesHttp.maximoSegunDescriptores(4096, 1024, 64, -1), "limit unknown");
    }

    @Test
    void unLimiteBajoBajaElTopeParaQueElBrokerYElAlmacenTenganSusDescriptores() {
        assertEquals(2048 - 1024 - 64, LimitesHttp.maximoSegunDescriptores(4096, 1024, 64, 2048));
    }

    @Test
    void nuncaBajaDeSesentaYCuatro() {
        assertEquals(64, LimitesHttp.maximoSegunDescriptores(4096, 1024, 64, 1024));
        assertEquals(10, LimitesHttp.maximoSegunDescriptores(10, 1024, 64, 1024), "a smaller cap asked for stays");
    }
}
