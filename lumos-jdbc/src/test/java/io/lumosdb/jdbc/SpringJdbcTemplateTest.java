package io.lumosdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.Route;
import io.lumosdb.RouteDecision;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.support.TransactionTemplate;

/** Spring's JdbcTemplate, named parameters, key holders and transactions over LumosDataSource. */
class SpringJdbcTemplateTest {
    @TempDir
    Path dir;
    LumosDataSource ds;
    JdbcTemplate jdbc;

    record Person(long id, String name, LocalDate born) {}

    @BeforeEach
    void setUp() {
        ds = new LumosDataSource("jdbc:lumos:" + dir.resolve("db"));
        jdbc = new JdbcTemplate(ds);
        jdbc.execute("CREATE TABLE person(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, born DATE)");
    }

    @Test
    void queriesAndUpdates_mapRows() {
        assertEquals(1, jdbc.update("INSERT INTO person(name, born) VALUES (?, ?)", "Ada", LocalDate.of(1815, 12, 10)));
        jdbc.update("INSERT INTO person(name, born) VALUES (?, ?)", "Alan", java.sql.Date.valueOf("1912-06-23"));
        List<Person> people = jdbc.query("SELECT id, name, born FROM person ORDER BY name",
                (rs, i) -> new Person(rs.getLong("id"), rs.getString("name"), rs.getObject("born", LocalDate.class)));
        assertEquals(List.of("Ada", "Alan"), people.stream().map(Person::name).toList());
        assertEquals(LocalDate.of(1912, 6, 23), people.get(1).born());
        assertEquals(2, jdbc.queryForObject("SELECT count(*) FROM person", Integer.class));
        Map<String, Object> row = jdbc.queryForMap("SELECT name, born FROM person WHERE id = ?", people.get(0).id());
        assertEquals("Ada", row.get("name"));
        assertEquals(List.of("Alan"), new NamedParameterJdbcTemplate(jdbc).queryForList(
                "SELECT name FROM person WHERE born > :after", new MapSqlParameterSource("after", "1900-01-01"), String.class));
        RouteDecision why = jdbc.execute((Statement s) -> {
            s.executeQuery("SELECT name FROM person WHERE id = 1").close();
            return s.unwrap(RouteDecision.class);
        });
        assertEquals(Route.OLTP, why.route());
    }

    @Test
    void batchUpdate_andGeneratedKeys() {
        int[] counts = jdbc.batchUpdate("INSERT INTO person(name) VALUES (?)",
                List.of(new Object[] {"a"}, new Object[] {"b"}, new Object[] {"c"}));
        assertArrayEquals(new int[] {1, 1, 1}, counts);
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(c -> {
            PreparedStatement ps = c.prepareStatement("INSERT INTO person(name) VALUES (?)", Statement.RETURN_GENERATED_KEYS);
            ps.setString(1, "d");
            return ps;
        }, keys);
        assertEquals(4L, keys.getKey().longValue());
        assertEquals("d", jdbc.queryForObject("SELECT name FROM person WHERE id = ?", String.class, keys.getKey()));
    }

    @Test
    void transactionTemplate_commitsAndRollsBack() {
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        tx.executeWithoutResult(s -> {
            jdbc.update("INSERT INTO person(name) VALUES ('kept')");
            assertEquals(1, jdbc.queryForObject("SELECT count(*) FROM person", Integer.class), "the transaction sees its write");
        });
        assertThrows(DataIntegrityViolationException.class, () -> tx.executeWithoutResult(s -> {
            jdbc.update("INSERT INTO person(name) VALUES ('undone')");
            jdbc.update("INSERT INTO person(name) VALUES ('kept')"); // violates UNIQUE: the whole transaction rolls back
        }));
        assertEquals(List.of("kept"), jdbc.queryForList("SELECT name FROM person", String.class));
        TransactionTemplate readOnly = new TransactionTemplate(new DataSourceTransactionManager(ds));
        readOnly.setReadOnly(true);
        assertEquals(Integer.valueOf(1), readOnly.execute(s -> jdbc.queryForObject("SELECT count(*) FROM person", Integer.class)));
        assertTrue(ds.getUrl().startsWith("jdbc:lumos:"));
    }
}
