#include "dialect.hpp"

#include <fmt/format.h>
#include <mysqld_error.h>

#include <algorithm>
#include <optional>

#include "connection.hpp"
#include "orm/connection.hpp"
#include "orm/errors.hpp"

namespace orm {

std::unique_ptr<Connection> MysqlDialect::connect(const Url& url,
                                                  const EngineOptions& options) const {
    return std::make_unique<MysqlConnection>(*this, url, options);
}

std::string MysqlDialect::quote(std::string_view identifier) const {
    std::string out = "`";
    for (char c : identifier) {
        if (c == '`') out += '`';
        out += c;
    }
    return out + "`";
}

std::string MysqlDialect::column_type(const ColumnDef& column) const {
    switch (column.type) {
        case ColumnType::Integer:
            return "BIGINT";
        case ColumnType::Double:
            return "DOUBLE";
        // Notes reach 1 MiB; TEXT stops at 64 KiB.
        case ColumnType::Text:
            return column.fulltext ? "MEDIUMTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
                                   : "MEDIUMTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
        // Names compare exactly (case-sensitively) on every backend.
        case ColumnType::Varchar:
            return fmt::format("VARCHAR({}) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
                               column.length);
        case ColumnType::Boolean:
            return "TINYINT(1)";
        // UTC: the connection sets time_zone '+00:00' for CURRENT_TIMESTAMP.
        case ColumnType::Timestamp:
            return "DATETIME";
    }
    return "LONGBLOB";
}

std::string MysqlDialect::autoincrement_primary_key(const ColumnDef&) const {
    return "BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY";
}

std::string MysqlDialect::table_options() const {
    return " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
}

bool MysqlDialect::has_table(Connection& connection, std::string_view table) const {
    // information_schema compares names case-insensitively; tables are not.
    auto statement = connection.prepare(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() "
        "AND table_name = ? AND CAST(table_name AS BINARY) = CAST(? AS BINARY)");
    statement->bind(1, std::string(table));
    statement->bind(2, std::string(table));
    return statement->step();
}

std::size_t MysqlDialect::count_tables(Connection& connection,
                                       const std::vector<std::string>& tables) const {
    if (tables.empty()) return 0;
    // Compared as bytes: information_schema ignores case, tables do not.
    std::string sql =
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
        "AND CAST(table_name AS BINARY) IN (CAST(? AS BINARY)";
    for (std::size_t i = 1; i < tables.size(); ++i)
        sql += ", CAST(? AS BINARY)";
    sql += ")";
    auto statement = connection.prepare(sql);
    for (std::size_t i = 0; i < tables.size(); ++i)
        statement->bind(static_cast<int>(i) + 1, tables[i]);
    return statement->step() ? static_cast<std::size_t>(statement->get_int64(0)) : 0;
}

std::vector<std::string> MysqlDialect::table_columns(Connection& connection,
                                                     std::string_view table) const {
    auto statement = connection.prepare(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() "
        "AND table_name = ? AND CAST(table_name AS BINARY) = CAST(? AS BINARY) "
        "ORDER BY ordinal_position");
    statement->bind(1, std::string(table));
    statement->bind(2, std::string(table));
    std::vector<std::string> out;
    while (statement->step())
        out.emplace_back(statement->get_text(0));
    return out;
}

void MysqlDialect::conform_columns(Connection& connection, const TableDef& table) const {
    struct Existing {
        std::string name, type, collation, nullable;
        std::optional<std::string> default_value;
        std::int64_t length = 0;
    };
    std::vector<Existing> existing;
    {
        auto statement = connection.prepare(
            "SELECT column_name, data_type, COALESCE(character_maximum_length, 0), "
            "COALESCE(collation_name, ''), is_nullable, column_default "
            "FROM information_schema.columns WHERE table_schema = DATABASE() "
            "AND table_name = ? AND CAST(table_name AS BINARY) = CAST(? AS BINARY)");
        statement->bind(1, table.name());
        statement->bind(2, table.name());
        while (statement->step()) {
            Existing e{std::string(statement->get_text(0)),
                       std::string(statement->get_text(1)),
                       std::string(statement->get_text(3)),
                       std::string(statement->get_text(4)),
                       std::nullopt,
                       statement->get_int64(2)};
            if (!statement->is_null(5)) e.default_value = statement->get_text(5);
            existing.push_back(std::move(e));
        }
    }
    std::string changes;
    for (const auto& column : table.columns()) {
        if (column.primary_key) continue;
        const auto found = std::find_if(existing.begin(), existing.end(),
                                        [&](const Existing& e) { return e.name == column.name; });
        if (found == existing.end()) continue;
        const auto& e = *found;
        const auto want = column_type(column);
        const auto collation = want.substr(want.rfind(' ') + 1);
        const bool short_string = e.type == "varchar" || e.type == "char";
        const bool small_text = short_string || e.type == "tinytext" || e.type == "text";
        std::string type;
        if (column.type == ColumnType::Varchar && short_string &&
            (e.length < column.length || e.collation != collation)) {
            // Keeps a longer VARCHAR: only ever widens.
            auto wider = column;
            wider.length = static_cast<int>(std::max<std::int64_t>(e.length, column.length));
            type = column_type(wider);
        } else if (column.type == ColumnType::Text && small_text) {
            type = want;
        } else if (column.type == ColumnType::Text &&
                   (e.type == "mediumtext" || e.type == "longtext") && e.collation != collation) {
            type = want;
            if (e.type == "longtext") type.replace(0, 10, "LONGTEXT");
        }
        if (type.empty()) continue;
        std::string definition = quote(column.name) + " " + type;
        if (e.nullable == "NO") definition += " NOT NULL";
        // column_default is SQL as the server prints it ('text', 3, NULL,
        // current_timestamp()): the catalog's own words, not user input.
        if (e.default_value && *e.default_value != "NULL")
            definition += " DEFAULT " + *e.default_value;
        changes += (changes.empty() ? " MODIFY COLUMN " : ", MODIFY COLUMN ") + definition;
    }
    if (changes.empty()) return;
    connection.clear_statement_cache();
    connection.execute_script("ALTER TABLE " + quote(table.name()) + changes);
}

void MysqlDialect::set_foreign_keys(Connection& connection, bool on) const {
    connection.execute_script(on ? "SET foreign_key_checks = 1" : "SET foreign_key_checks = 0");
}

std::string MysqlDialect::column_definition(const TableDef& table, const ColumnDef& column) const {
    // Foreign keys become table constraints (table_constraints()).
    ColumnDef plain = column;
    plain.foreign_key.reset();
    return Dialect::column_definition(table, plain);
}

std::string MysqlDialect::table_constraints(const TableDef& table) const {
    // MySQL ignores REFERENCES written on a column: foreign keys are table constraints.
    std::string out;
    for (const auto& column : table.columns()) {
        if (!column.foreign_key) continue;
        out += fmt::format(", FOREIGN KEY ({}) REFERENCES {} ({}){}", quote(column.name),
                           quote(column.foreign_key->table), quote(column.foreign_key->column),
                           on_delete_clause(column.foreign_key->on_delete));
    }
    return out;
}

std::string MysqlDialect::index_column(const TableDef& table, std::string_view name) const {
    // A TEXT column can only be indexed by a prefix (191 characters: 764 bytes).
    const auto* column = table.find(name);
    auto out = quote(name);
    if (column && column->type == ColumnType::Text) out += "(191)";
    return out;
}

void MysqlDialect::add_columns(Connection& connection, const TableDef& table,
                               const std::vector<const ColumnDef*>& missing) const {
    // One statement: InnoDB rebuilds the table once. Existing rows get the
    // columns' defaults (CURRENT_TIMESTAMP included, unlike SQLite).
    std::string sql = "ALTER TABLE " + quote(table.name());
    const char* sep = " ";
    for (const auto* column : missing) {
        sql += sep + ("ADD COLUMN IF NOT EXISTS " + column_definition(table, *column));
        sep = ", ";
    }
    for (const auto* column : missing) {
        if (!column->foreign_key) continue;
        sql += fmt::format(", ADD FOREIGN KEY ({}) REFERENCES {} ({}){}", quote(column->name),
                           quote(column->foreign_key->table), quote(column->foreign_key->column),
                           on_delete_clause(column->foreign_key->on_delete));
    }
    if (!missing.empty()) connection.execute_script(sql);
}

}  // namespace orm
