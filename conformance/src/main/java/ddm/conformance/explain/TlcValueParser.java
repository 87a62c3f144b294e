package ddm.conformance.explain;

import ddm.conformance.BadInputException;
import ddm.conformance.itf.Values;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a value as TLC prints it in an error trace into the harness's canonical form ({@link Values}): {@code TRUE},
 * integers, {@code "strings"}, model values (bare names, which become strings, as in the traces TLC's explorer
 * writes), {@code {sets}}, {@code <<tuples>>}, {@code [records |-> ...]}, functions {@code (k :> v @@ ...)} and
 * intervals {@code a..b}.
 */
public final class TlcValueParser {

    private final String s;
    private int i;

    private TlcValueParser(String s) {
        this.s = s;
    }

    public static Object parse(String text) {
        TlcValueParser p = new TlcValueParser(text);
        Object v = p.value();
        p.space();
        if (p.i != p.s.length()) throw p.error("unexpected text after the value");
        return Values.canonical(v);
    }

    private Object value() {
        space();
        Object v = primary();
        space();
        if (s.startsWith("..", i)) {
            i += 2;
            Object hi = primary();
            if (!(v instanceof BigInteger a) || !(hi instanceof BigInteger b)) throw error("an interval needs integers");
            Set<Object> out = new LinkedHashSet<>();
            for (BigInteger k = a; k.compareTo(b) <= 0; k = k.add(BigInteger.ONE)) out.add(k);
            return out;
        }
        if (s.startsWith(":>", i)) {
            Map<Object, Object> f = new LinkedHashMap<>();
            Object key = v;
            while (true) {
                expect(":>");
                Object val = valueNoFunction();
                f.put(key, val);
                space();
                if (!s.startsWith("@@", i)) break;
                i += 2;
                key = valueNoFunction();
                space();
            }
            return f;
        }
        return v;
    }

    /** A value that is not itself a bare {@code k :> v} (keys and values inside a function). */
    private Object valueNoFunction() {
        space();
        Object v = primary();
        space();
        return v;
    }

    private Object primary() {
        space();
        if (i >= s.length()) throw error("a value is missing");
        char c = s.charAt(i);
        if (c == '{') return collection("{", "}", new ArrayList<>(), true);
        if (s.startsWith("<<", i)) return collection("<<", ">>", new ArrayList<>(), false);
        if (c == '[') return record();
        if (c == '(') {
            i++;
            space();
            if (s.charAt(i) == ')') {
                i++;
                return new LinkedHashMap<>();
            }
            Object v = value();
            expect(")");
            return v;
        }
        if (c == '"') return string();
        if (c == '-' || Character.isDigit(c)) {
            int j = i + 1;
            while (j < s.length() && Character.isDigit(s.charAt(j))) j++;
            BigInteger n = new BigInteger(s.substring(i, j));
            i = j;
            return n;
        }
        if (Character.isLetter(c) || c == '_') {
            int j = i;
            while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) j++;
            String id = s.substring(i, j);
            i = j;
            return switch (id) {
                case "TRUE" -> Boolean.TRUE;
                case "FALSE" -> Boolean.FALSE;
                default -> id;   // a model value
            };
        }
        throw error("unexpected '" + c + "'");
    }

    private Object collection(String open, String close, List<Object> out, boolean set) {
        expect(open);
        space();
        if (s.startsWith(close, i)) {
            i += close.length();
            return set ? new LinkedHashSet<>() : out;
        }
        while (true) {
            out.add(value());
            space();
            if (s.startsWith(close, i)) {
                i += close.length();
                return set ? new LinkedHashSet<>(out) : out;
            }
            expect(",");
        }
    }

    private Object record() {
        expect("[");
        Map<Object, Object> r = new LinkedHashMap<>();
        while (true) {
            space();
            int j = i;
            while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) j++;
            if (j == i) throw error("a record field name is missing");
            String field = s.substring(i, j);
            i = j;
            expect("|->");
            r.put(field, value());
            space();
            if (s.startsWith("]", i)) {
                i++;
                return r;
            }
            expect(",");
        }
    }

    private String string() {
        StringBuilder sb = new StringBuilder();
        i++;
        while (i < s.length() && s.charAt(i) != '"') {
            char c = s.charAt(i++);
            if (c == '\\' && i < s.length()) {
                char e = s.charAt(i++);
                sb.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> e;
                });
            } else {
                sb.append(c);
            }
        }
        if (i >= s.length()) throw error("a string is not closed");
        i++;
        return sb.toString();
    }

    private void expect(String t) {
        space();
        if (!s.startsWith(t, i)) throw error("expected '" + t + "'");
        i += t.length();
    }

    private void space() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    }

    private BadInputException error(String what) {
        int from = Math.max(0, i - 20), to = Math.min(s.length(), i + 20);
        return new BadInputException("cannot read TLC's value: " + what + " at '" + s.substring(from, to).replace('\n', ' ') + "'");
    }
}
