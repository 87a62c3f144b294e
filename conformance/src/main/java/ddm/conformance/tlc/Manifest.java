package ddm.conformance.tlc;

import ddm.conformance.BadInputException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads {@code specs/models.json}: {@code {"models": [ {...}, ... ]}}. Every problem is reported as a
 * {@link BadInputException} whose message names the entry and the field, so the CLI can print one line.
 */
public final class Manifest {

    private static final Set<String> FIELDS = Set.of("name", "module", "config", "expect", "tier", "distinctStates",
            "depth", "seconds", "violates", "workers", "shows", "protocol", "walks", "simulation");

    private final List<Model> models;

    private Manifest(List<Model> models) {
        this.models = List.copyOf(models);
    }

    public List<Model> models() {
        return models;
    }

    public Optional<Model> byName(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** Reads and checks the manifest; paths in it are resolved against {@code root}, which must hold them. */
    public static Manifest read(Path file, Path root) {
        JsonNode tree;
        try {
            tree = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new BadInputException(file + ": not valid JSON: " + firstLine(e.getMessage()));
        }
        JsonNode list = tree == null ? null : tree.get("models");
        if (list == null || !list.isArray()) throw new BadInputException(file + ": expected {\"models\": [...]}");
        List<Model> models = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Model m = parse(list.get(i), file + " entry " + i, root);
            if (!names.add(m.name())) throw new BadInputException(file + ": model name '" + m.name() + "' appears twice");
            models.add(m);
        }
        return new Manifest(models);
    }

    private static Model parse(JsonNode n, String where, Path root) {
        if (!n.isObject()) throw new BadInputException(where + ": not an object");
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) throw new BadInputException(where + ": unknown field '" + f + "'");
        }
        String name = text(n, "name", where);
        where = where + " (" + name + ")";
        String module = text(n, "module", where);
        String config = text(n, "config", where);
        for (String p : List.of(module, config)) {
            if (!Files.isRegularFile(root.resolve(p))) throw new BadInputException(where + ": no file " + p);
        }
        if (!module.endsWith(".tla")) throw new BadInputException(where + ": module must be a .tla file");
        if (!config.endsWith(".cfg")) throw new BadInputException(where + ": config must be a .cfg file");
        String expectWord = text(n, "expect", where);
        Model.Expect expect;
        try {
            expect = Model.Expect.valueOf(expectWord.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where + ": expect '" + expectWord + "' is not one of " + Model.expectWords());
        }
        String tierWord = text(n, "tier", where);
        Model.Tier tier;
        try {
            tier = Model.Tier.valueOf(tierWord.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where + ": tier '" + tierWord + "' is not ci or large");
        }
        OptionalLong states = OptionalLong.empty();
        if (n.hasNonNull("distinctStates")) {
            if (!n.get("distinctStates").canConvertToLong()) {
                throw new BadInputException(where + ": distinctStates must be a whole number");
            }
            states = OptionalLong.of(n.get("distinctStates").asLong());
        } else if (tier == Model.Tier.CI) {
            throw new BadInputException(where + ": a ci model needs distinctStates");
        }
        Optional<String> violates = n.hasNonNull("violates") ? Optional.of(n.get("violates").asText())
                : Optional.empty();
        int workers = n.hasNonNull("workers") ? n.get("workers").asInt() : 1;
        if (workers < 1) throw new BadInputException(where + ": workers must be at least 1");
        String shows = n.hasNonNull("shows") ? n.get("shows").asText() : "";
        Optional<String> protocol = n.hasNonNull("protocol") ? Optional.of(n.get("protocol").asText()) : Optional.empty();
        Optional<Model.Walks> walks = Optional.empty();
        if (n.hasNonNull("walks")) {
            JsonNode w = n.get("walks");
            if (!w.path("count").canConvertToInt() || !w.path("depth").canConvertToInt() || !w.path("seed").canConvertToLong()
                    || w.path("count").asInt() < 1 || w.path("depth").asInt() < 1) {
                throw new BadInputException(where + ": walks must be {\"count\": n, \"depth\": d, \"seed\": s}, n and d positive");
            }
            walks = Optional.of(new Model.Walks(w.get("count").asInt(), w.get("depth").asInt(), w.get("seed").asLong()));
        }
        if (walks.isPresent() && protocol.isEmpty()) throw new BadInputException(where + ": walks without a protocol");
        Optional<Model.Simulation> simulation = Optional.empty();
        if (n.hasNonNull("simulation")) {
            JsonNode s = n.get("simulation");
            if (!s.path("behaviours").canConvertToInt() || !s.path("depth").canConvertToInt()
                    || !s.path("seed").canConvertToLong() || s.path("behaviours").asInt() < 1
                    || s.path("depth").asInt() < 1
                    || (s.hasNonNull("reached") && !s.get("reached").canConvertToLong())) {
                throw new BadInputException(where + ": simulation must be {\"behaviours\": n, \"depth\": d, "
                        + "\"seed\": s, \"reached\": r, \"seconds\": t}, n and d positive, reached and seconds once measured");
            }
            simulation = Optional.of(new Model.Simulation(s.get("behaviours").asInt(), s.get("depth").asInt(),
                    s.get("seed").asLong(), s.hasNonNull("reached") ? OptionalLong.of(s.get("reached").asLong())
                    : OptionalLong.empty()));
        }
        return new Model(name, module, config, expect, tier, states, violates, workers, shows, protocol, walks,
                simulation);
    }

    private static String text(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new BadInputException(where + ": missing field '" + field + "'");
        }
        return v.asText();
    }

    static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
