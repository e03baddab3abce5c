// Counters on SQLite: a count table whose key is the counted column (its
// primary key, so a count is one B-tree lookup) and three triggers on the
// counted table. SQLite runs triggers for rows deleted by a foreign key's
// ON DELETE CASCADE too, so every way a row goes is counted.
#include <fmt/format.h>

#include "dialect.hpp"
#include "orm/connection.hpp"

namespace orm {

namespace {

// The shared names (SqlCompiler::counter_names) and the three triggers'.
struct Names : SqlCompiler::CounterNames {
    std::string ai, ad, au;
};

Names names(const SqlCompiler& sql, const TableDef& table, const ColumnDef& column) {
    const auto& counts = column.counter->table;
    return Names{sql.counter_names(table, column), sql.quote(counts + "_ai"),
                 sql.quote(counts + "_ad"), sql.quote(counts + "_au")};
}

}  // namespace

std::string SqliteDialect::counter_insert_trigger(const TableDef& table,
                                                  const ColumnDef& column) const {
    const auto n = names(compiler_, table, column);
    // The upsert: one statement whether the key is new or not.
    return fmt::format(
        "CREATE TRIGGER IF NOT EXISTS {ai} AFTER INSERT ON {table} BEGIN "
        "INSERT INTO {counts} ({key}, {count}) SELECT new.{key}, 1 WHERE new.{key} IS NOT NULL "
        "ON CONFLICT ({key}) DO UPDATE SET {count} = {count} + 1; END",
        fmt::arg("ai", n.ai), fmt::arg("table", n.table), fmt::arg("counts", n.counts),
        fmt::arg("key", n.key), fmt::arg("count", n.count));
}

void SqliteDialect::create_counter(Connection& connection, const TableDef& table,
                                   const ColumnDef& column) const {
    const auto n = names(compiler_, table, column);
    const bool existed = has_table(connection, column.counter->table);
    std::string references;
    if (column.foreign_key)
        references =
            fmt::format(" REFERENCES {} ({}) ON DELETE CASCADE", quote(column.foreign_key->table),
                        quote(column.foreign_key->column));
    const auto minus_old = fmt::format(
        "UPDATE {counts} SET {count} = {count} - 1 WHERE {key} = old.{key};",
        fmt::arg("counts", n.counts), fmt::arg("key", n.key), fmt::arg("count", n.count));
    const auto plus_new = fmt::format(
        "INSERT INTO {counts} ({key}, {count}) SELECT new.{key}, 1 WHERE new.{key} IS NOT NULL "
        "ON CONFLICT ({key}) DO UPDATE SET {count} = {count} + 1;",
        fmt::arg("counts", n.counts), fmt::arg("key", n.key), fmt::arg("count", n.count));
    connection.execute_script(fmt::format(
        "CREATE TABLE IF NOT EXISTS {counts} ({key} {type} PRIMARY KEY{references}, "
        "{count} INTEGER NOT NULL DEFAULT 0);"
        "CREATE TRIGGER IF NOT EXISTS {ad} AFTER DELETE ON {table} BEGIN {minus_old} END;"
        "CREATE TRIGGER IF NOT EXISTS {au} AFTER UPDATE OF {key} ON {table} "
        "WHEN old.{key} IS NOT new.{key} BEGIN {minus_old} {plus_new} END;",
        fmt::arg("counts", n.counts), fmt::arg("key", n.key), fmt::arg("count", n.count),
        fmt::arg("type", compiler_.column_type(column)), fmt::arg("references", references),
        fmt::arg("table", n.table), fmt::arg("ad", n.ad), fmt::arg("au", n.au),
        fmt::arg("plus_new", plus_new), fmt::arg("minus_old", minus_old)));
    connection.execute_script(counter_insert_trigger(table, column));
    if (!existed) connection.execute_script(compiler_.count_existing(table, column));
}

std::optional<std::int64_t> SqliteDialect::suspend_counter(Connection& connection,
                                                           const TableDef& table,
                                                           const ColumnDef& column) const {
    const auto n = names(compiler_, table, column);
    auto statement = connection.prepare("SELECT COALESCE(MAX(" + quote(table.primary_key().name) +
                                        "), 0) FROM " + n.table);
    const auto mark = statement->step() ? statement->get_int64(0) : 0;
    connection.execute_script("DROP TRIGGER IF EXISTS " + n.ai);
    return mark;
}

void SqliteDialect::resume_counter(Connection& connection, const TableDef& table,
                                   const ColumnDef& column, std::int64_t mark) const {
    const auto n = names(compiler_, table, column);
    // Ids only grow (AUTOINCREMENT, or rowid's max + 1 within the load), so
    // the loaded rows are those after the mark.
    connection.execute(
        fmt::format("INSERT INTO {counts} ({key}, {count}) SELECT {key}, COUNT(*) FROM {table} "
                    "WHERE {id} > ? AND {key} IS NOT NULL GROUP BY {key} "
                    "ON CONFLICT ({key}) DO UPDATE SET {count} = {count} + excluded.{count}",
                    fmt::arg("counts", n.counts), fmt::arg("key", n.key),
                    fmt::arg("count", n.count), fmt::arg("table", n.table),
                    fmt::arg("id", quote(table.primary_key().name))),
        {mark});
    connection.execute_script(counter_insert_trigger(table, column));
}

void SqliteDialect::drop_counter(Connection& connection, const TableDef& table,
                                 const ColumnDef& column) const {
    const auto n = names(compiler_, table, column);
    connection.execute_script(fmt::format(
        "DROP TRIGGER IF EXISTS {}; DROP TRIGGER IF EXISTS {}; DROP TRIGGER IF EXISTS {}; "
        "DROP TABLE IF EXISTS {}",
        n.ai, n.ad, n.au, n.counts));
}

}  // namespace orm
