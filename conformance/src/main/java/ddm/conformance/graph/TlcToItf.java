package ddm.conformance.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import tlc2.value.impl.BoolValue;
import tlc2.value.impl.FcnRcdValue;
import tlc2.value.impl.IntValue;
import tlc2.value.impl.ModelValue;
import tlc2.value.impl.RecordValue;
import tlc2.value.impl.SetEnumValue;
import tlc2.value.impl.StringValue;
import tlc2.value.impl.TupleValue;
import tlc2.value.impl.Value;

/**
 * TLC's values as ITF JSON. Runs only in the explorer's JVM, where TLC lives. Records stay records, functions become
 * {@code #map}, sequences JSON arrays, sets {@code #set} (in TLC's normal order), model values strings.
 */
final class TlcToItf {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private TlcToItf() {}

    static JsonNode encode(Value v) {
        if (v instanceof BoolValue b) return JSON.booleanNode(b.val);
        if (v instanceof IntValue i) return JSON.numberNode(i.val);
        if (v instanceof StringValue s) return JSON.textNode(s.val.toString());
        if (v instanceof ModelValue m) return JSON.textNode(m.val.toString());
        if (v instanceof RecordValue r) {
            ObjectNode o = JSON.objectNode();
            for (int k = 0; k < r.names.length; k++) o.set(r.names[k].toString(), encode(r.values[k]));
            return o;
        }
        if (v instanceof TupleValue t) {
            ArrayNode a = JSON.arrayNode();
            for (Value x : t.elems) a.add(encode(x));
            return a;
        }
        if (v instanceof FcnRcdValue f) {
            Value[] dom = f.getDomainAsValues();
            ObjectNode o = JSON.objectNode();
            ArrayNode a = o.putArray("#map");
            for (int k = 0; k < dom.length; k++) a.add(JSON.arrayNode().add(encode(dom[k])).add(encode(f.values[k])));
            return o;
        }
        Value set = v.toSetEnum();
        if (set instanceof SetEnumValue s) {
            s.normalize();
            ObjectNode o = JSON.objectNode();
            ArrayNode a = o.putArray("#set");
            for (int k = 0; k < s.elems.size(); k++) a.add(encode(s.elems.elementAt(k)));
            return o;
        }
        Value fcn = v.toFcnRcd();
        if (fcn instanceof FcnRcdValue) return encode(fcn);
        return JSON.objectNode().put("#unserializable", v.toString());
    }
}
