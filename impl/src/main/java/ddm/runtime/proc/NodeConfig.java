package ddm.runtime.proc;

import ddm.runtime.net.LinkFaults;
import ddm.runtime.node.FaultPoints;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A node process's configuration, from flags ({@code --name rm1 --data DIR ...}) or a small file of
 * {@code key=value} lines ({@code --config FILE}; flags given beside it win). Everything a node needs and nothing
 * else: its name and role, its data directory (the only state it recovers from), the file of its event log, its
 * address and its peers' (127.0.0.1 only), the protocol's settings, and the nemesis's (seed, fault points, link
 * faults, power loss, until when). Any problem is a {@link BadConfig} naming it: the node exits 2 with one line.
 *
 * <pre>
 *   --protocol 2pc|paxos|snapshot|epoch   --role tm|rm|acceptor|...   --name NAME
 *   --data DIR   [--events FILE]   --listen 127.0.0.1:PORT   --peer NAME=127.0.0.1:PORT ...
 *   [--set KEY=VALUE ...]      protocol settings (2PC: rms=r1,r2,r3 timeout-ms=200 abort-one-in=10 batch=16)
 *   [--seed N] [--faults-until EPOCH_MILLIS] [--fault-points after-force,after-send/N]
 *   [--link drop=P,duplicate=P,delay-ms=N,fifo] [--power-loss] [--writeback P]
 * </pre>
 */
public record NodeConfig(String protocol, String role, String name, Path data, Path events,
                         InetSocketAddress listen, Map<String, InetSocketAddress> peers, Map<String, String> settings,
                         long seed, long faultsUntilMillis, FaultPoints.Plan faultPoints, LinkFaults.Settings link,
                         boolean powerLoss, double writeback) {

    static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,31}");
    private static final Set<String> KEYS = Set.of("protocol", "role", "name", "data", "events", "listen", "peer",
            "set", "seed", "faults-until", "fault-points", "link", "power-loss", "writeback", "config");

    public NodeConfig {
        peers = Map.copyOf(peers);
        settings = Map.copyOf(settings);
    }

    /** The setting {@code key}, or {@code fallback}. */
    public String setting(String key, String fallback) {
        return settings.getOrDefault(key, fallback);
    }

    public long longSetting(String key, long fallback, long min) throws BadConfig {
        String v = settings.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < min) {
                throw new BadConfig(key + " must be at least " + min + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadConfig(key + " is not a number: " + v);
        }
    }

    /** A comma-separated list setting, each entry a node name. */
    public List<String> namesSetting(String key) throws BadConfig {
        String v = settings.get(key);
        if (v == null || v.isBlank()) {
            throw new BadConfig("missing setting " + key + " (--set " + key + "=a,b,c)");
        }
        List<String> out = new ArrayList<>();
        for (String n : v.split(",")) {
            out.add(checkName(n.trim(), key));
        }
        if (out.stream().distinct().count() != out.size()) {
            throw new BadConfig(key + " names a node twice: " + v);
        }
        return out;
    }

    /** Parses flags (and the file {@code --config} names). */
    public static NodeConfig parse(String... args) throws BadConfig {
        Map<String, List<String>> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new BadConfig("unexpected argument " + a + " (flags are --key value)");
            }
            String key = a.substring(2), value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else if (key.equals("power-loss")) {
                value = "true";
            } else {
                if (i + 1 >= args.length) {
                    throw new BadConfig("--" + key + " needs a value");
                }
                value = args[++i];
            }
            if (!KEYS.contains(key)) {
                throw new BadConfig("unknown flag --" + key);
            }
            flags.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        if (flags.containsKey("config")) {
            readFile(Path.of(one(flags, "config")), flags);
        }
        String protocol = required(flags, "protocol");
        if (!Set.of("2pc", "paxos", "snapshot", "epoch").contains(protocol)) {
            throw new BadConfig("unknown protocol " + protocol + " (2pc, paxos, snapshot, epoch)");
        }
        String name = checkName(required(flags, "name"), "name");
        Path data = Path.of(required(flags, "data"));
        if (Files.exists(data) && !Files.isDirectory(data)) {
            throw new BadConfig("data directory " + data + " is a file");
        }
        Path events = flags.containsKey("events") ? Path.of(one(flags, "events")) : null;
        InetSocketAddress listen = address(required(flags, "listen"), "listen");
        Map<String, InetSocketAddress> peers = new LinkedHashMap<>();
        for (String p : flags.getOrDefault("peer", List.of())) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new BadConfig("--peer needs NAME=127.0.0.1:PORT, not " + p);
            }
            String peer = checkName(p.substring(0, eq), "peer");
            if (peers.put(peer, address(p.substring(eq + 1), "peer " + peer)) != null) {
                throw new BadConfig("peer " + peer + " given twice");
            }
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String s : flags.getOrDefault("set", List.of())) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new BadConfig("--set needs KEY=VALUE, not " + s);
            }
            settings.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        long seed = number(flags, "seed", 0);
        long until = number(flags, "faults-until", 0);
        FaultPoints.Plan points;
        try {
            points = FaultPoints.Plan.parse(flags.containsKey("fault-points") ? one(flags, "fault-points") : "");
        } catch (IllegalArgumentException e) {
            throw new BadConfig(e.getMessage());
        }
        LinkFaults.Settings link = link(flags.containsKey("link") ? one(flags, "link") : "");
        boolean powerLoss = flags.containsKey("power-loss") && Boolean.parseBoolean(one(flags, "power-loss"));
        double writeback = flags.containsKey("writeback") ? probability(one(flags, "writeback"), "writeback") : 0;
        return new NodeConfig(protocol, required(flags, "role"), name, data, events, listen, peers, settings, seed,
                until, points, link, powerLoss, writeback);
    }

    /** Parses {@code drop=P,duplicate=P,delay-ms=N,fifo} (empty or "none": no link faults). */
    public static LinkFaults.Settings link(String spec) throws BadConfig {
        if (spec.isBlank() || spec.equals("none")) {
            return LinkFaults.Settings.OFF;
        }
        double drop = 0, dup = 0;
        long delay = 0;
        boolean fifo = false;
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("=", 2);
            switch (kv[0]) {
                case "drop" -> drop = probability(value(kv, part), "link drop");
                case "duplicate" -> dup = probability(value(kv, part), "link duplicate");
                case "delay-ms" -> {
                    try {
                        delay = Long.parseLong(value(kv, part));
                    } catch (NumberFormatException e) {
                        throw new BadConfig("link delay-ms is not a number: " + part);
                    }
                    if (delay < 0) {
                        throw new BadConfig("link delay-ms must not be negative: " + part);
                    }
                }
                case "fifo" -> fifo = true;
                default -> throw new BadConfig("not a link fault: " + part
                        + " (drop=P, duplicate=P, delay-ms=N, fifo)");
            }
        }
        return new LinkFaults.Settings(drop, dup, delay, fifo);
    }

    private static String value(String[] kv, String part) throws BadConfig {
        if (kv.length != 2) {
            throw new BadConfig("link fault " + part + " needs a value");
        }
        return kv[1].trim();
    }

    static double probability(String v, String what) throws BadConfig {
        try {
            double p = Double.parseDouble(v);
            if (p < 0 || p > 1) {
                throw new BadConfig(what + " must be a probability in [0, 1], not " + v);
            }
            return p;
        } catch (NumberFormatException e) {
            throw new BadConfig(what + " is not a number: " + v);
        }
    }

    static String checkName(String n, String what) throws BadConfig {
        if (!NAME.matcher(n).matches()) {
            throw new BadConfig(what + " \"" + n
                    + "\" is not a node name (a letter, then up to 31 of A-Z a-z 0-9 _ -)");
        }
        return n;
    }

    /** {@code 127.0.0.1:PORT}: loopback only, as every cluster here runs on one machine. */
    static InetSocketAddress address(String s, String what) throws BadConfig {
        int colon = s.lastIndexOf(':');
        if (colon <= 0) {
            throw new BadConfig(what + " needs HOST:PORT, not " + s);
        }
        String host = s.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new BadConfig(what + " has no port number: " + s);
        }
        if (port < 0 || port > 65535) {
            throw new BadConfig(what + " port " + port + " is out of range");
        }
        InetAddress addr;
        try {
            addr = InetAddress.getByName(host);
        } catch (IOException e) {
            throw new BadConfig(what + " host " + host + " is unknown");
        }
        if (!addr.isLoopbackAddress()) {
            throw new BadConfig(what + " " + s + " is not a loopback address (nodes run on 127.0.0.1 only)");
        }
        return new InetSocketAddress(addr, port);
    }

    private static long number(Map<String, List<String>> flags, String key, long fallback) throws BadConfig {
        if (!flags.containsKey(key)) {
            return fallback;
        }
        try {
            return Long.parseLong(one(flags, key));
        } catch (NumberFormatException e) {
            throw new BadConfig("--" + key + " is not a number: " + one(flags, key));
        }
    }

    private static String required(Map<String, List<String>> flags, String key) throws BadConfig {
        if (!flags.containsKey(key)) {
            throw new BadConfig("missing --" + key);
        }
        return one(flags, key);
    }

    private static String one(Map<String, List<String>> flags, String key) throws BadConfig {
        List<String> v = flags.get(key);
        if (v.size() != 1) {
            throw new BadConfig("--" + key + " given " + v.size() + " times");
        }
        return v.get(0);
    }

    /** Adds the file's keys that no flag set ({@code peer.NAME=ADDR} and {@code set.KEY=VALUE} add to the lists). */
    private static void readFile(Path file, Map<String, List<String>> flags) throws BadConfig {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new BadConfig("cannot read config file " + file + ": " + e.getMessage());
        }
        for (String key : p.stringPropertyNames().stream().sorted().toList()) {
            String v = p.getProperty(key).trim();
            if (key.startsWith("peer.")) {
                flags.computeIfAbsent("peer", k -> new ArrayList<>()).add(key.substring(5) + "=" + v);
            } else if (key.startsWith("set.")) {
                flags.computeIfAbsent("set", k -> new ArrayList<>()).add(key.substring(4) + "=" + v);
            } else if (!KEYS.contains(key) || key.equals("config")) {
                throw new BadConfig(file + ": unknown key " + key);
            } else {
                flags.putIfAbsent(key, new ArrayList<>(List.of(v)));
            }
        }
    }

    /** These settings back as flags: how a launcher starts a node with them. */
    public List<String> toArgs() {
        List<String> a = new ArrayList<>(Arrays.asList("--protocol", protocol, "--role", role, "--name", name,
                "--data", data.toString(), "--listen", listen.getAddress().getHostAddress() + ":" + listen.getPort()));
        if (events != null) {
            a.addAll(List.of("--events", events.toString()));
        }
        peers.forEach((n, p) -> a.addAll(List.of("--peer", n + "=" + p.getAddress().getHostAddress() + ":"
                + p.getPort())));
        settings.forEach((k, v) -> a.addAll(List.of("--set", k + "=" + v)));
        a.addAll(List.of("--seed", Long.toString(seed), "--faults-until", Long.toString(faultsUntilMillis)));
        if (faultPoints.any()) {
            a.addAll(List.of("--fault-points", faultPoints.toString()));
        }
        if (link.any()) {
            a.addAll(List.of("--link", String.format(Locale.ROOT, "drop=%s,duplicate=%s,delay-ms=%d%s",
                    link.drop(), link.duplicate(), link.maxDelayMillis(), link.fifo() ? ",fifo" : "")));
        }
        if (powerLoss) {
            a.add("--power-loss");
        }
        if (writeback > 0) {
            a.addAll(List.of("--writeback", Double.toString(writeback)));
        }
        return a;
    }
}
