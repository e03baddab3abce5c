#include "orm/dialect/dialect.hpp"

#include <fmt/format.h>

#include "orm/connection.hpp"
#include "orm/errors.hpp"

namespace orm {

Dialect::~Dialect() = default;

std::string Dialect::quote(std::string_view identifier) const {
    std::string out = "\"";
    for (char c : identifier) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string Dialect::limit_offset(std::optional<std::int64_t> limit,
                                  std::optional<std::int64_t> offset) const {
    std::string out;
    // SQLite and MySQL both need a LIMIT before an OFFSET.
    if (limit)
        out += fmt::format(" LIMIT {}", *limit);
    else if (offset)
        out += " LIMIT 9223372036854775807";
    if (offset) out += fmt::format(" OFFSET {}", *offset);
    return out;
}

namespace {

std::string literal(const Value& value) {
    struct Visitor {
        std::string operator()(std::monostate) const { return "NULL"; }
        std::string operator()(std::int64_t v) const { return std::to_string(v); }
        std::string operator()(double v) const { return fmt::format("{}", v); }
        std::string operator()(const std::string& v) const {
            std::string out = "'";
            for (char c : v) {
                if (c == '\'') out += '\'';
                out += c;
            }
            return out + "'";
        }
    };
    return std::visit(Visitor{}, value);
}

}  // namespace

std::string_view Dialect::on_delete_clause(OnDelete action) {
    switch (action) {
        case OnDelete::Restrict:
            return " ON DELETE RESTRICT";
        case OnDelete::Cascade:
            return " ON DELETE CASCADE";
        case OnDelete::SetNull:
            return " ON DELETE SET NULL";
        case OnDelete::NoAction:
            break;
    }
    return "";
}

std::string Dialect::column_definition(const TableDef&, const ColumnDef& column) const {
    if (column.primary_key) return quote(column.name) + " " + autoincrement_primary_key(column);
    std::string out = quote(column.name) + " " + column_type(column);
    if (column.not_null) out += " NOT NULL";
    if (column.unique) out += " UNIQUE";
    // Defaults are declared in the schema too, so rows written by other
    // programs get them; literals come from model declarations, not users.
    if (column.default_value)
        out += " DEFAULT " + literal(*column.default_value);
    else if (column.default_now)
        out += " DEFAULT " + default_now();
    if (column.foreign_key) {
        out += " REFERENCES " + quote(column.foreign_key->table) + " (" +
               quote(column.foreign_key->column) + ")";
        out += on_delete_clause(column.foreign_key->on_delete);
    }
    return out;
}

std::vector<std::string> Dialect::create_table(const TableDef& table) const {
    std::string sql = "CREATE TABLE IF NOT EXISTS " + quote(table.name()) + " (";
    const char* sep = "";
    for (const auto& column : table.columns()) {
        sql += sep;
        sql += column_definition(table, column);
        sep = ", ";
    }
    sql += table_constraints(table);
    sql += ")";
    sql += table_options();
    std::vector<std::string> out{sql};
    for (const auto& column : table.columns()) {
        if (!column.indexed || column.unique || column.primary_key) continue;
        out.push_back(fmt::format("CREATE INDEX IF NOT EXISTS {} ON {} ({})",
                                  quote("ix_" + table.name() + "_" + column.name),
                                  quote(table.name()), index_column(table, column.name)));
    }
    for (const auto& index : table.indexes()) {
        std::string columns;
        for (const auto& c : index.columns) {
            if (!columns.empty()) columns += ", ";
            const bool desc = c.ends_with(" DESC");
            columns += index_column(table, desc ? std::string_view(c).substr(0, c.size() - 5) : c);
            if (desc) columns += " DESC";
        }
        out.push_back(fmt::format("CREATE {}INDEX IF NOT EXISTS {} ON {} ({})",
                                  index.unique ? "UNIQUE " : "", quote(index.name),
                                  quote(table.name()), columns));
    }
    return out;
}

std::vector<std::string> Dialect::table_columns(Connection&, std::string_view table) const {
    throw std::logic_error(
        fmt::format("orm: the {} dialect cannot list the columns of {}", name(), table));
}

void Dialect::add_columns(Connection& connection, const TableDef& table,
                          const std::vector<const ColumnDef*>& missing) const {
    for (const auto* column : missing)
        connection.execute_script("ALTER TABLE " + quote(table.name()) + " ADD COLUMN " +
                                  column_definition(table, *column));
}

void Dialect::conform_columns(Connection&, const TableDef&) const {}

void Dialect::set_foreign_keys(Connection&, bool) const {}

std::optional<std::int64_t> Dialect::suspend_fulltext(Connection&, const TableDef&,
                                                      const ColumnDef&) const {
    return std::nullopt;
}

void Dialect::resume_fulltext(Connection&, const TableDef&, const ColumnDef&, std::int64_t) const {}

std::size_t Dialect::count_tables(Connection& connection,
                                  const std::vector<std::string>& tables) const {
    std::size_t n = 0;
    for (const auto& table : tables)
        n += has_table(connection, table) ? 1 : 0;
    return n;
}

std::optional<std::int64_t> Dialect::suspend_counter(Connection&, const TableDef&,
                                                     const ColumnDef&) const {
    return std::nullopt;
}

void Dialect::resume_counter(Connection&, const TableDef&, const ColumnDef&, std::int64_t) const {}

std::vector<std::string> Dialect::drop_table(const TableDef& table) const {
    return {"DROP TABLE IF EXISTS " + quote(table.name())};
}

}  // namespace orm
