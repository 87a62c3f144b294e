package ddm.bank;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One PostgreSQL server the project starts for itself: {@code initdb} into a directory of its own, a
 * {@code postgresql.conf} for a bank shard (a free port on 127.0.0.1 only, its socket in its data directory,
 * {@code max_prepared_transactions}, fsync and synchronous commit on, small buffers), and {@code postgres -D}
 * started directly, so that the Java {@link Process} is the postmaster: kill -9 and the stop go to its pid, never to
 * a name. PostgreSQL refuses to run as root; as root (here and in CI) initdb and the server run through
 * {@code setpriv --reuid=postgres ...}, which execs, so the pid is still the server's, on a directory chowned to that
 * user (Debian's package creates it). Every problem is a {@link PgSetupException} naming its fix.
 */
public final class PgServer implements AutoCloseable {

    /** The database superuser initdb creates, the same whoever runs it. */
    public static final String USER = "ddm";
    static final long START_MILLIS = 30_000;

    private final String name;
    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgres;
    private Process process;
    private int starts, kills;

    private PgServer(String name, Path bin, Path dir, int port, boolean asPostgres) {
        this.name = name;
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /**
     * The directory of PostgreSQL's server binaries: {@code given} if not null, else {@code pg_config --bindir}, else
     * the newest {@code /usr/lib/postgresql/VERSION/bin}; it must hold {@code initdb} and {@code postgres}.
     */
    public static Path binaries(Path given) throws PgSetupException {
        List<Path> candidates = new ArrayList<>();
        if (given != null) {
            candidates.add(given);
        } else {
            try {
                Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty()) {
                    candidates.add(Path.of(out));
                }
            } catch (IOException e) {
                // no pg_config on PATH: look where Debian installs the server
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Path debian = Path.of("/usr/lib/postgresql");
            if (Files.isDirectory(debian)) {
                try (Stream<Path> versions = Files.list(debian)) {
                    versions.filter(v -> v.getFileName().toString().matches("[0-9]+(\\.[0-9]+)?"))
                            .sorted(Comparator.comparingDouble(
                                    (Path v) -> Double.parseDouble(v.getFileName().toString())).reversed())
                            .forEach(v -> candidates.add(v.resolve("bin")));
                } catch (IOException e) {
                    // unreadable: as if absent
                }
            }
        }
        for (Path c : candidates) {
            if (Files.isExecutable(c.resolve("initdb")) && Files.isExecutable(c.resolve("postgres"))) {
                return c;
            }
        }
        throw new PgSetupException("no PostgreSQL server binaries (initdb, postgres) "
                + (given != null ? "in " + given : "found (pg_config --bindir, /usr/lib/postgresql/*/bin)")
                + ": install them (Debian: apt-get install postgresql) or name their directory with --pg-bin");
    }

    /**
     * A new server named {@code name} in {@code dir} (created; its data directory is {@code dir/data}), initialised
     * and configured, not yet started: a free port, and {@code maxPrepared} prepared transactions at most.
     */
    public static PgServer create(String name, Path bin, Path dir, int maxPrepared) throws PgSetupException {
        return create(name, bin, dir, maxPrepared, null);
    }

    /**
     * As {@link #create(String, Path, Path, int)}, but copying the data directory {@code template} (a fresh initdb's,
     * never started) instead of running initdb again: a run's three shards pay for one initdb.
     */
    public static PgServer create(String name, Path bin, Path dir, int maxPrepared, Path template)
            throws PgSetupException {
        boolean root = isRoot();
        int port;
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
        } catch (IOException e) {
            throw new PgSetupException(name + ": cannot prepare " + dir + ": " + e.getMessage());
        }
        PgServer s = new PgServer(name, bin, dir, port, root);
        Path data = s.data();
        try {
            Files.createDirectories(data);
            if (root) {
                chown(dir);
                chown(data);
            }
        } catch (IOException e) {
            throw new PgSetupException(name + ": cannot give " + data + " to the user postgres (" + e.getMessage()
                    + "): PostgreSQL refuses root, so as root the server runs as postgres (Debian's package creates "
                    + "that user: apt-get install postgresql)");
        }
        // --no-sync: initdb's files need not survive a power failure of this machine; the server's own writes are
        // forced (fsync = on), and that is what a kill -9 tests.
        if (template == null) {
            s.initdb(data);
        } else {
            try {
                copyTree(template, data, root);
            } catch (IOException e) {
                throw new PgSetupException(name + ": cannot copy " + template + " to " + data + ": " + e.getMessage());
            }
        }
        String conf = "\n# ddm bank shard " + name + "\n"
                + "port = " + port + "\n"
                + "listen_addresses = '127.0.0.1'\n"
                + "unix_socket_directories = '" + data + "'\n"
                + "max_prepared_transactions = " + maxPrepared + "\n"
                + "max_connections = 40\n"
                + "fsync = on\n"
                + "synchronous_commit = on\n"
                + "shared_buffers = 16MB\n"
                + "dynamic_shared_memory_type = posix\n"
                + "logging_collector = off\n";
        try {
            Files.writeString(data.resolve("postgresql.conf"), conf, StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new PgSetupException(name + ": cannot write " + data.resolve("postgresql.conf") + ": "
                    + e.getMessage());
        }
        return s;
    }

    /** A fresh data directory {@code dir}/data, initialised and never started: what {@code template} copies. */
    public static Path template(Path bin, Path dir) throws PgSetupException {
        boolean root = isRoot();
        PgServer s = new PgServer("template", bin, dir, 0, root);
        try {
            Files.createDirectories(s.data());
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            if (root) {
                chown(dir);
                chown(s.data());
            }
        } catch (IOException e) {
            throw new PgSetupException("cannot prepare " + dir + " for the user postgres (" + e.getMessage()
                    + "): as root the servers run as postgres (Debian's package creates that user)");
        }
        s.initdb(s.data());
        return s.data();
    }

    private void initdb(Path data) throws PgSetupException {
        runToEnd(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--auth=trust",
                "-E", "UTF8", "--locale=C", "--no-sync"), "initdb");
    }

    private static void copyTree(Path from, Path to, boolean chown) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
                if (chown) {
                    chown(q);
                }
                Files.setPosixFilePermissions(q, Files.getPosixFilePermissions(p));
            }
        }
    }

    private static boolean isRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (RuntimeException | LinkageError e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static void chown(Path p) throws IOException {
        UserPrincipalLookupService users = p.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal postgres = users.lookupPrincipalByName("postgres");
        GroupPrincipal group = users.lookupPrincipalByGroupName("postgres");
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
        view.setOwner(postgres);
        view.setGroup(group);
    }

    /** The command as this server's user: through setpriv when we are root, as is otherwise. */
    private List<String> as(List<String> command) {
        List<String> out = new ArrayList<>();
        if (asPostgres) {
            out.addAll(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"));
        }
        out.addAll(command);
        return out;
    }

    private void runToEnd(List<String> command, String what) throws PgSetupException {
        Path out = dir.resolve(what + ".log");
        try {
            Process p = new ProcessBuilder(as(command)).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new PgSetupException(name + ": " + what + " did not finish within 60 s (see " + out + ")");
            }
            if (p.exitValue() != 0) {
                throw new PgSetupException(name + ": " + what + " failed with status " + p.exitValue() + ": "
                        + lastLine(out) + (asPostgres ? " (run as the user postgres through setpriv)" : ""));
            }
        } catch (IOException e) {
            throw new PgSetupException(name + ": cannot run " + what + " (" + e.getMessage() + ")"
                    + (asPostgres ? ": as root it runs through setpriv (util-linux), as the user postgres" : ""));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PgSetupException(name + ": interrupted while running " + what);
        }
    }

    private static String lastLine(Path f) {
        try {
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String l = lines.get(i).trim();
                if (l.contains("FATAL") || l.contains("error") || l.contains("ERROR")) {
                    return l;
                }
            }
            return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1).trim();
        } catch (IOException e) {
            return "(its output is unreadable: " + e.getMessage() + ")";
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public Path data() {
        return dir.resolve("data");
    }

    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** Starts the postmaster and waits (bounded) until it accepts connections and has prepared transactions on. */
    public synchronized void start() throws PgSetupException {
        Path log = dir.resolve("server.log");
        long deadline = System.currentTimeMillis() + START_MILLIS;
        String why = "";
        while (System.currentTimeMillis() < deadline) {
            try {
                process = new ProcessBuilder(as(List.of(bin.resolve("postgres").toString(), "-D", data().toString())))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
            } catch (IOException e) {
                throw new PgSetupException(name + ": cannot start postgres (" + e.getMessage() + ")");
            }
            starts++;
            // Wait for it to answer; a postmaster that exits at once (its predecessor's backends, killed with it,
            // still hold the old shared memory for a moment) is started again, until the deadline.
            while (System.currentTimeMillis() < deadline && process.isAlive()) {
                try (Connection c = connect(2)) {
                    checkPrepared(c);
                    return;
                } catch (SQLException e) {
                    why = e.getMessage();
                    sleep(50);
                }
            }
            if (!process.isAlive()) {
                why = lastLine(log);
                sleep(100);
            }
        }
        if (process != null) {
            process.destroyForcibly();
        }
        throw new PgSetupException(name + ": postgres on port " + port + " did not accept connections within "
                + START_MILLIS / 1000 + " s: " + why + " (see " + log + ")");
    }

    private void checkPrepared(Connection c) throws SQLException, PgSetupException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SHOW max_prepared_transactions")) {
            r.next();
            if (Integer.parseInt(r.getString(1)) == 0) {
                process.destroyForcibly();
                waitGone();
                throw new PgSetupException(name + ": max_prepared_transactions is 0, so PREPARE TRANSACTION is "
                        + "refused: set max_prepared_transactions to at least 16 in " + data().resolve(
                        "postgresql.conf") + " (ddm bank --max-prepared N)");
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A new connection to the server (autocommit), failing after {@code timeoutSeconds}. */
    public Connection connect(int timeoutSeconds) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
        p.setProperty("loginTimeout", Integer.toString(timeoutSeconds));
        p.setProperty("socketTimeout", "30");
        p.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(url(), p);
    }

    public synchronized boolean isUp() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** kill -9 of the postmaster, by its pid; waits until it is gone. False if it was not up. */
    public synchronized boolean kill() {
        if (!isUp()) {
            return false;
        }
        kills++;
        process.destroyForcibly();
        waitGone();
        return true;
    }

    private void waitGone() {
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public synchronized int kills() {
        return kills;
    }

    public synchronized int starts() {
        return starts;
    }

    /** Stops the server by its pid: SIGTERM (a smart shutdown), then SIGKILL if it is still there after 10 s. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Kills the server at once, whatever its state (a shutdown hook). */
    synchronized void destroy() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    /** Stops the server and deletes its directory. */
    @Override
    public void close() {
        stop();
        deleteTree(dir);
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left behind in the temp folder: harmless
                }
            });
        } catch (IOException e) {
            // as above
        }
    }
}
