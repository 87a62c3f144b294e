package ddm.runtime.net;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * Lincheck, model checking, on the connection table as a shutdown meets reconnects: links install new connections
 * (a reconnect), drop broken ones (remove if still theirs) and the transport closes the table. Every interleaving
 * must be linearizable; in particular no connection may be installed once closeAll has run (its thread would
 * outlive the node), and a stale remove must never take out a newer connection. One peer (the table
 * keeps peers apart by a map) and two connections, fixed objects named by index so that results compare by name.
 */
@Param(name = "conn", gen = IntGen.class, conf = "0:1")
public class ConnectionTableLincheckTest {

    static final Object[] CONNS = {new Object(), new Object()};

    static int index(Object c) {
        for (int i = 0; i < CONNS.length; i++) {
            if (CONNS[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private final ConnectionTable<Object> table = new ConnectionTable<>();

    /** The replaced connection's index, -1 for none, or -2 if refused because the table is closed. */
    @Operation
    public int install(@Param(name = "conn") int conn) {
        Object c = CONNS[conn];
        Object old = table.install("p", c);
        return old == c ? -2 : old == null ? -1 : index(old);
    }

    @Operation
    public boolean remove(@Param(name = "conn") int conn) {
        return table.remove("p", CONNS[conn]);
    }

    @Operation
    public int get() {
        return index(table.get("p"));
    }

    @Operation
    public int closeAll() {
        return table.closeAll().size();
    }

    static ModelCheckingOptions options() {
        return new ModelCheckingOptions().iterations(6).invocationsPerIteration(200).threads(2).actorsPerThread(3);
    }

    /** The racy twins stop at the first failing scenario, so they may search longer at no cost to a passing run. */
    static ModelCheckingOptions racyOptions() {
        return new ModelCheckingOptions().iterations(20).invocationsPerIteration(300).threads(2).actorsPerThread(3);
    }

    @Test
    void connectionTableIsLinearizable() {
        options().check(this.getClass());
    }
}
