// Counters on MySQL / MariaDB: a count table keyed by the counted column and
// three row triggers on the counted table. InnoDB does not run triggers for
// rows that a foreign key's ON DELETE CASCADE deletes, so when the counted
// column references another table, a fourth trigger there deletes the count
// of a referenced row that goes (with its rows). (Not a foreign key on the
// count table: it would need the referenced column's exact type, which a
// table adopted from another program need not share with the declaration.)
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

void MysqlDialect::create_counter(Connection& connection, const TableDef& table,
                                  const ColumnDef& column) const {
    const auto n = names(compiler_, table, column);
    const bool existed = has_table(connection, column.counter->table);
    auto key_column = column;
    key_column.not_null = true;
    key_column.foreign_key.reset();
    connection.execute_script(
        fmt::format("CREATE TABLE IF NOT EXISTS {counts} ({key} {type} NOT NULL PRIMARY KEY, "
                    "{count} BIGINT NOT NULL DEFAULT 0){options}",
                    fmt::arg("counts", n.counts), fmt::arg("key", n.key),
                    fmt::arg("count", n.count), fmt::arg("type", compiler_.column_type(key_column)),
                    fmt::arg("options", compiler_.table_options())));
    if (column.foreign_key) {
        // The referenced row's count goes with it: a trigger on the referenced
        // table (InnoDB runs no trigger for the rows its cascade deletes, but
        // it does for the referenced row, which is deleted by a statement).
        connection.execute_script(fmt::format(
            "CREATE TRIGGER IF NOT EXISTS {pd} AFTER DELETE ON {parent} FOR EACH ROW "
            "DELETE FROM {counts} WHERE {key} = OLD.{parent_key}",
            fmt::arg("pd", quote(column.counter->table + "_pd")),
            fmt::arg("parent", quote(column.foreign_key->table)), fmt::arg("counts", n.counts),
            fmt::arg("key", n.key), fmt::arg("parent_key", quote(column.foreign_key->column))));
    }
    const auto plus_new = fmt::format(
        "IF NEW.{key} IS NOT NULL THEN INSERT INTO {counts} ({key}, {count}) VALUES (NEW.{key}, "
        "1) ON DUPLICATE KEY UPDATE {count} = {count} + 1; END IF;",
        fmt::arg("counts", n.counts), fmt::arg("key", n.key), fmt::arg("count", n.count));
    const auto minus_old = fmt::format(
        "UPDATE {counts} SET {count} = {count} - 1 WHERE {key} = OLD.{key};",
        fmt::arg("counts", n.counts), fmt::arg("key", n.key), fmt::arg("count", n.count));
    // One statement per trigger: the client sends no delimiters.
    connection.execute_script(
        fmt::format("CREATE TRIGGER IF NOT EXISTS {} AFTER INSERT ON {} FOR EACH ROW BEGIN {} END",
                    n.ai, n.table, plus_new));
    connection.execute_script(
        fmt::format("CREATE TRIGGER IF NOT EXISTS {} AFTER DELETE ON {} FOR EACH ROW BEGIN {} END",
                    n.ad, n.table, minus_old));
    connection.execute_script(
        fmt::format("CREATE TRIGGER IF NOT EXISTS {au} AFTER UPDATE ON {table} FOR EACH ROW BEGIN "
                    "IF NOT (OLD.{key} <=> NEW.{key}) THEN {minus_old} {plus_new} END IF; END",
                    fmt::arg("au", n.au), fmt::arg("table", n.table), fmt::arg("key", n.key),
                    fmt::arg("minus_old", minus_old), fmt::arg("plus_new", plus_new)));
    if (!existed) connection.execute_script(compiler_.count_existing(table, column));
}

void MysqlDialect::drop_counter(Connection& connection, const TableDef& table,
                                const ColumnDef& column) const {
    const auto n = names(compiler_, table, column);
    const auto pd = quote(column.counter->table + "_pd");
    for (const auto* trigger : {&n.ai, &n.ad, &n.au, &pd})
        connection.execute_script("DROP TRIGGER IF EXISTS " + *trigger);
    connection.execute_script("DROP TABLE IF EXISTS " + n.counts);
}

}  // namespace orm
