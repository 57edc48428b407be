import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j 5.26 community as an embedded DBMS with its Bolt connector, so the project
 * needs no Docker and no tarball: the jars come from Maven Central.
 *
 * Why embedded rather than the test harness: the harness is built for throw-away
 * databases inside JUnit, while the demo needs a store that survives restarts. The
 * embedded DBMS keeps a normal store under ONKO_NEO4J_HOME and shuts down cleanly on
 * SIGTERM through the JVM shutdown hook.
 *
 * Configuration comes from environment variables (the password is never on the command
 * line, where `ps` would show it): ONKO_NEO4J_HOME, ONKO_NEO4J_BOLT_ADDRESS (host:port),
 * ONKO_NEO4J_PASSWORD, ONKO_NEO4J_PAGECACHE (e.g. 512m), ONKO_NEO4J_READY_FILE.
 */
public final class OnkoNeo4jServer {
    public static void main(String[] args) throws Exception {
        Path home = Path.of(require("ONKO_NEO4J_HOME")).toAbsolutePath();
        String[] address = require("ONKO_NEO4J_BOLT_ADDRESS").split(":");
        String password = require("ONKO_NEO4J_PASSWORD");
        String pageCache = System.getenv().getOrDefault("ONKO_NEO4J_PAGECACHE", "512m");
        Files.createDirectories(home);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address,
                new SocketAddress(address[0], Integer.parseInt(address[1])))
            .setConfig(GraphDatabaseSettings.auth_enabled, true)
            .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(pageCache))
            .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
            .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(10))
            // Plans are cached per query text and parameter types; with size hints (the
            // default) also per size class of each string and list parameter, so a user id
            // or a client address of another length planned the passport statement anew:
            // ~1.5 s on the first request of each after a start, which the API's warm-up
            // (api/warmup.py) cannot foresee. bench/README.md has the measurements.
            .setConfig(GraphDatabaseInternalSettings.cypher_size_hint_parameters, false)
            .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("onkopassport-neo4j: shutting down");
            dbms.shutdown();
            System.out.println("onkopassport-neo4j: stopped cleanly");
            stopped.countDown();
        }));

        // The built-in user starts with the default password and "change required";
        // setting it on every start keeps the store in step with the project's settings.
        try {
            dbms.database("system").executeTransactionally(
                "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                Map.of("password", password));
        } catch (RuntimeException error) {
            if (!String.valueOf(error.getMessage()).contains("cannot be the same")) {
                System.out.println("onkopassport-neo4j: cannot set the password: " + error);
                System.exit(2); // runs the shutdown hook, so the store closes cleanly
            }
        }

        System.out.println("onkopassport-neo4j: ready on bolt://" + address[0] + ":" + address[1]);
        System.out.flush();
        // Bolt listens before the password is set; the marker tells the caller when the
        // configured password works, so it never probes with a wrong one (rate limiting).
        String readyFile = System.getenv("ONKO_NEO4J_READY_FILE");
        if (readyFile != null) {
            Files.writeString(Path.of(readyFile), Long.toString(ProcessHandle.current().pid()));
        }
        stopped.await();
    }

    private static String require(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }
}
