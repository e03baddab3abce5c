// Counters on PostgreSQL: a count table keyed by the counted column, one
// PL/pgSQL row trigger on the counted table for insert, delete and a change
// of the column, and, when the column references another table, a trigger
// there that deletes the count of a referenced row that goes. (PostgreSQL
// runs row triggers for the rows a foreign key's ON DELETE CASCADE deletes
// too, so the counts stay right through a cascade.) PL/pgSQL is built in:
// a database owner without superuser rights can create all of it.
#include <fmt/format.h>

#include "dialect.hpp"
#include "orm/connection.hpp"

namespace orm {

namespace {

// The shared names (SqlCompiler::counter_names) and the triggers' and their
// functions' (a trigger and its function share a name).
struct Names : SqlCompiler::CounterNames {
    std::string function, trigger, parent_function, parent_trigger;
};

Names names(const SqlCompiler& sql, const TableDef& table, const ColumnDef& column) {
    const auto& counts = column.counter->table;
    return Names{sql.counter_names(table, column), sql.quote(counts + "_count"),
                 sql.quote(counts + "_count"), sql.quote(counts + "_forget"),
                 sql.quote(counts + "_forget")};
}

}  // namespace

void PostgresqlDialect::create_counter(Connection& connection, const TableDef& table,
                                       const ColumnDef& column) const {
    const auto n = names(compiler_, table, column);
    const bool existed = has_table(connection, column.counter->table);
    auto key_column = column;
    key_column.not_null = true;
    key_column.foreign_key.reset();
    connection.execute_script(fmt::format(
        "CREATE TABLE IF NOT EXISTS {counts} ({key} {type} NOT NULL PRIMARY KEY, "
        "{count} BIGINT NOT NULL DEFAULT 0)",
        fmt::arg("counts", n.counts), fmt::arg("key", n.key), fmt::arg("count", n.count),
        fmt::arg("type", compiler_.column_type(key_column))));
    const auto minus_old = fmt::format(
        "UPDATE {counts} SET {count} = {count} - 1 WHERE {key} = OLD.{key};",
        fmt::arg("counts", n.counts), fmt::arg("key", n.key), fmt::arg("count", n.count));
    const auto plus_new = fmt::format(
        "IF NEW.{key} IS NOT NULL THEN INSERT INTO {counts} AS c ({key}, {count}) "
        "VALUES (NEW.{key}, 1) ON CONFLICT ({key}) DO UPDATE SET {count} = c.{count} + 1; "
        "END IF;",
        fmt::arg("counts", n.counts), fmt::arg("key", n.key), fmt::arg("count", n.count));
    connection.execute_script(fmt::format(
        "CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $orm$ "
        "BEGIN "
        "IF TG_OP = 'INSERT' THEN {plus_new} "
        "ELSIF TG_OP = 'DELETE' THEN {minus_old} "
        "ELSIF OLD.{key} IS DISTINCT FROM NEW.{key} THEN {minus_old} {plus_new} "
        "END IF; RETURN NULL; END $orm$",
        fmt::arg("function", n.function), fmt::arg("plus_new", plus_new),
        fmt::arg("minus_old", minus_old), fmt::arg("key", n.key)));
    connection.execute_script(
        fmt::format("CREATE OR REPLACE TRIGGER {trigger} AFTER INSERT OR DELETE OR UPDATE OF {key} "
                    "ON {table} FOR EACH ROW EXECUTE FUNCTION {function}()",
                    fmt::arg("trigger", n.trigger), fmt::arg("key", n.key),
                    fmt::arg("table", n.table), fmt::arg("function", n.function)));
    if (column.foreign_key) {
        const auto parent = quote(column.foreign_key->table);
        connection.execute_script(fmt::format(
            "CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $orm$ "
            "BEGIN DELETE FROM {counts} WHERE {key} = OLD.{parent_key}; RETURN NULL; END $orm$",
            fmt::arg("function", n.parent_function), fmt::arg("counts", n.counts),
            fmt::arg("key", n.key), fmt::arg("parent_key", quote(column.foreign_key->column))));
        connection.execute_script(
            fmt::format("CREATE OR REPLACE TRIGGER {trigger} AFTER DELETE ON {parent} FOR EACH ROW "
                        "EXECUTE FUNCTION {function}()",
                        fmt::arg("trigger", n.parent_trigger), fmt::arg("parent", parent),
                        fmt::arg("function", n.parent_function)));
    }
    if (!existed) connection.execute_script(compiler_.count_existing(table, column));
}

void PostgresqlDialect::drop_counter(Connection& connection, const TableDef& table,
                                     const ColumnDef& column) const {
    const auto n = names(compiler_, table, column);
    // Triggers go with their tables; only what outlives a table is dropped here.
    if (has_table(connection, table.name()))
        connection.execute_script(
            fmt::format("DROP TRIGGER IF EXISTS {} ON {}", n.trigger, n.table));
    if (column.foreign_key && has_table(connection, column.foreign_key->table))
        connection.execute_script(fmt::format("DROP TRIGGER IF EXISTS {} ON {}", n.parent_trigger,
                                              quote(column.foreign_key->table)));
    connection.execute_script("DROP TABLE IF EXISTS " + n.counts);
    connection.execute_script("DROP FUNCTION IF EXISTS " + n.function + "()");
    if (column.foreign_key)
        connection.execute_script("DROP FUNCTION IF EXISTS " + n.parent_function + "()");
}

}  // namespace orm
