#include "dialect.hpp"

#include <fmt/format.h>
#include <mysqld_error.h>

#include <algorithm>
#include <cctype>
#include <optional>

#include "connection.hpp"
#include "orm/connection.hpp"
#include "orm/errors.hpp"

namespace orm {

std::unique_ptr<Connection> MysqlDialect::connect(const Url& url,
                                                  const EngineOptions& options) const {
    return std::make_unique<MysqlConnection>(*this, url, options);
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
        const auto want = compiler_.column_type(column);
        const auto collation = want.substr(want.rfind(' ') + 1);
        const bool short_string = e.type == "varchar" || e.type == "char";
        const bool small_text = short_string || e.type == "tinytext" || e.type == "text";
        std::string type;
        if (column.type == ColumnType::Varchar && short_string &&
            (e.length < column.length || e.collation != collation)) {
            // Keeps a longer VARCHAR: only ever widens.
            auto wider = column;
            wider.length = static_cast<int>(std::max<std::int64_t>(e.length, column.length));
            type = compiler_.column_type(wider);
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

namespace {

// The names of `table`'s indexes, as the catalog spells them.
std::vector<std::string> index_names(Connection& connection, const std::string& table) {
    auto statement = connection.prepare(
        "SELECT DISTINCT index_name FROM information_schema.statistics "
        "WHERE table_schema = DATABASE() AND table_name = ? "
        "AND CAST(table_name AS BINARY) = CAST(? AS BINARY)");
    statement->bind(1, table);
    statement->bind(2, table);
    std::vector<std::string> out;
    while (statement->step())
        out.emplace_back(statement->get_text(0));
    return out;
}

bool same_name(std::string_view a, std::string_view b) {
    // Index and column names are case-insensitive on MySQL.
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
    });
}

}  // namespace

void MysqlDialect::create_table(Connection& connection, const TableDef& table) const {
    connection.execute_script(compiler_.create_table(table));
    const auto indexes = compiler_.create_indexes(table);
    if (indexes.empty()) return;
    // MySQL 8 has no CREATE INDEX IF NOT EXISTS: the catalog says which exist.
    const auto existing = index_names(connection, table.name());
    for (const auto& index : indexes) {
        if (std::any_of(existing.begin(), existing.end(),
                        [&](const std::string& e) { return same_name(e, index.name); }))
            continue;
        try {
            connection.execute_script(index.sql);
        } catch (const DatabaseError& e) {
            if (e.code() != ER_DUP_KEYNAME) throw;  // another program just created it
        }
    }
}

void MysqlDialect::add_columns(Connection& connection, const TableDef& table,
                               const std::vector<const ColumnDef*>& missing) const {
    if (missing.empty()) return;
    try {
        connection.execute_script(compiler_.add_columns(table, missing));
    } catch (const DatabaseError& e) {
        // No ADD COLUMN IF NOT EXISTS on MySQL 8: when another program added
        // one of them meanwhile, add the ones still missing.
        if (e.code() != ER_DUP_FIELDNAME) throw;
        const auto existing = table_columns(connection, table.name());
        std::vector<const ColumnDef*> still;
        for (const auto* column : missing)
            if (std::none_of(existing.begin(), existing.end(), [&](const std::string& name) {
                    return same_name(name, column->name);
                }))
                still.push_back(column);
        if (!still.empty()) connection.execute_script(compiler_.add_columns(table, still));
    }
}

}  // namespace orm
