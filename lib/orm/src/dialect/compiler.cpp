#include "orm/dialect/compiler.hpp"

#include <fmt/format.h>

namespace orm {

// The text being written and the placeholders written so far.
struct SqlCompiler::Writer {
    std::string sql;
    int params = 0;
};

SqlCompiler::~SqlCompiler() = default;

// ---- spelling -------------------------------------------------------------

std::string SqlCompiler::quote(std::string_view identifier) const {
    std::string out = "\"";
    for (char c : identifier) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string SqlCompiler::placeholder(int) const {
    return "?";
}

std::string SqlCompiler::parameter(const ColumnDef&, int n) const {
    return placeholder(n);
}

std::string SqlCompiler::limit_offset(std::optional<std::int64_t> limit,
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

std::string SqlCompiler::fragment(std::string_view sql, int& n) const {
    for (char c : sql)
        n += c == '?' ? 1 : 0;
    return std::string(sql);
}

std::string SqlCompiler::qualified(const TableDef& table, std::string_view column) const {
    return quote(table.name()) + "." + quote(column);
}

// ---- queries --------------------------------------------------------------

void SqlCompiler::expression(const Expr& expr, Writer& out) const {
    for (const auto& piece : expr.pieces()) {
        switch (piece.kind) {
            case Expr::Piece::Kind::sql:
                out.sql += fragment(piece.text, out.params);
                break;
            case Expr::Piece::Kind::column:
                out.sql += quote(piece.table);
                out.sql += '.';
                out.sql += quote(piece.text);
                break;
            case Expr::Piece::Kind::parameter:
                out.sql += placeholder(++out.params);
                break;
        }
    }
}

void SqlCompiler::where(std::span<const Expr> filters, Writer& out) const {
    const char* sep = " WHERE ";
    for (const auto& filter : filters) {
        out.sql += sep;
        expression(filter, out);
        sep = " AND ";
    }
}

void SqlCompiler::from_where(const Selection& rows, Writer& out) const {
    out.sql += " FROM " + quote(rows.table->name());
    if (rows.match) out.sql += rows.match->join;
    where(rows.where, out);
    if (rows.match && !rows.match->where.empty()) {
        out.sql += rows.where.empty() ? " WHERE " : " AND ";
        out.sql += fragment(rows.match->where, out.params);
    }
}

void SqlCompiler::order_by(const Selection& rows, Writer& out) const {
    const char* sep = " ORDER BY ";
    if (rows.match && !rows.match->rank.empty()) {
        out.sql += sep + fragment(rows.match->rank, out.params);
        sep = ", ";
    }
    for (const auto& order : rows.order) {
        out.sql += sep;
        expression(order.expr, out);
        if (order.descending) out.sql += " DESC";
        sep = ", ";
    }
}

namespace {

std::vector<Value> parameters_of(const Selection& rows) {
    std::vector<Value> out;
    rows.each_parameter([&out](const Value& value) { out.push_back(value); });
    return out;
}

// The values of the WHERE clause alone: the filters, then the match's condition.
void append_filter_parameters(const Selection& rows, std::vector<Value>& out) {
    for (const auto& filter : rows.where)
        filter.each_parameter([&out](const Value& value) { out.push_back(value); });
    if (rows.match)
        out.insert(out.end(), rows.match->where_params.begin(), rows.match->where_params.end());
}

std::vector<Value> filter_parameters(const Selection& rows) {
    std::vector<Value> out;
    append_filter_parameters(rows, out);
    return out;
}

}  // namespace

Sql SqlCompiler::select(const Selection& rows) const {
    Writer out;
    out.sql = "SELECT ";
    const char* sep = "";
    for (const auto& column : rows.table->columns()) {
        out.sql += sep + qualified(*rows.table, column.name);
        sep = ", ";
    }
    from_where(rows, out);
    order_by(rows, out);
    out.sql += limit_offset(rows.limit, rows.offset);
    return {std::move(out.sql), parameters_of(rows)};
}

Sql SqlCompiler::count(const Selection& rows) const {
    Writer out;
    out.sql = "SELECT COUNT(*)";
    from_where(rows, out);
    return {std::move(out.sql), filter_parameters(rows)};
}

Sql SqlCompiler::count_by(const Selection& rows, std::size_t column) const {
    const auto name = qualified(*rows.table, rows.table->columns()[column].name);
    Writer out;
    out.sql = "SELECT " + name + ", COUNT(*)";
    from_where(rows, out);
    out.sql += " GROUP BY " + name;
    return {std::move(out.sql), filter_parameters(rows)};
}

std::string SqlCompiler::counted(const ColumnDef& column) const {
    const auto& counter = *column.counter;
    return fmt::format("SELECT {}, {} FROM {} WHERE {} <> 0", quote(column.name),
                       quote(counter.count_column), quote(counter.table),
                       quote(counter.count_column));
}

Sql SqlCompiler::delete_where(const Selection& rows) const {
    Writer out;
    out.sql = "DELETE FROM " + quote(rows.table->name());
    where(rows.where, out);
    return {std::move(out.sql), filter_parameters(rows)};
}

Sql SqlCompiler::update_where(const Selection& rows, std::span<const ColumnValue> values) const {
    Writer out;
    std::vector<Value> params;
    out.sql = "UPDATE " + quote(rows.table->name()) + " SET ";
    const char* sep = "";
    for (const auto& v : values) {
        out.sql +=
            sep + quote(rows.table->columns()[v.column].name) + " = " + placeholder(++out.params);
        params.push_back(v.value);
        sep = ", ";
    }
    where(rows.where, out);
    append_filter_parameters(rows, params);
    return {std::move(out.sql), std::move(params)};
}

Sql SqlCompiler::insert_select(const TableDef& target, std::span<const CopiedColumn> columns,
                               const Selection& rows) const {
    Writer out;
    std::vector<Value> params;
    std::string names, selected;
    for (const auto& copied : columns) {
        const auto& column = target.columns()[copied.column];
        if (!names.empty()) {
            names += ", ";
            selected += ", ";
        }
        names += quote(column.name);
        if (copied.value) {
            selected += parameter(column, ++out.params);
            params.push_back(*copied.value);
        } else {
            selected += qualified(*rows.table, column.name);
        }
    }
    out.sql = "INSERT INTO " + quote(target.name()) + " (" + names + ") SELECT " + selected +
              " FROM " + quote(rows.table->name());
    where(rows.where, out);
    append_filter_parameters(rows, params);
    return {std::move(out.sql), std::move(params)};
}

// ---- one row by a key -----------------------------------------------------

std::string SqlCompiler::select_by(const TableDef& table, std::string_view key) const {
    std::string sql = "SELECT ";
    const char* sep = "";
    for (const auto& column : table.columns()) {
        sql += sep + quote(column.name);
        sep = ", ";
    }
    return sql + " FROM " + quote(table.name()) + " WHERE " + quote(key) + " = " + placeholder(1);
}

std::string SqlCompiler::insert(const TableDef& table, std::span<const std::size_t> columns) const {
    std::string names, marks;
    int n = 0;
    for (const auto i : columns) {
        if (n) {
            names += ", ";
            marks += ", ";
        }
        names += quote(table.columns()[i].name);
        marks += placeholder(++n);
    }
    return "INSERT INTO " + quote(table.name()) + " (" + names + ") VALUES (" + marks + ")";
}

std::string SqlCompiler::update_by(const TableDef& table, std::span<const std::size_t> columns,
                                   std::string_view key) const {
    std::string sets;
    int n = 0;
    for (const auto i : columns) {
        if (n) sets += ", ";
        sets += quote(table.columns()[i].name) + " = " + placeholder(++n);
    }
    return "UPDATE " + quote(table.name()) + " SET " + sets + " WHERE " + quote(key) + " = " +
           placeholder(n + 1);
}

std::string SqlCompiler::delete_by(const TableDef& table, std::string_view key) const {
    return "DELETE FROM " + quote(table.name()) + " WHERE " + quote(key) + " = " + placeholder(1);
}

std::string SqlCompiler::upsert(const TableDef& table, std::span<const std::size_t> columns,
                                std::string_view key) const {
    // SQLite and PostgreSQL: ON CONFLICT on the unique key, the new values as `excluded`.
    std::string sets;
    for (const auto i : columns) {
        const auto& name = table.columns()[i].name;
        if (name == key) continue;
        if (!sets.empty()) sets += ", ";
        sets += quote(name) + " = excluded." + quote(name);
    }
    return insert(table, columns) + " ON CONFLICT (" + quote(key) + ") DO UPDATE SET " + sets;
}

// ---- savepoints -----------------------------------------------------------

std::string SqlCompiler::savepoint_name(std::size_t depth) const {
    return fmt::format("orm_sp{}", depth);
}

std::string SqlCompiler::savepoint(std::string_view name) const {
    return "SAVEPOINT " + quote(name);
}

std::string SqlCompiler::release_savepoint(std::string_view name) const {
    return "RELEASE SAVEPOINT " + quote(name);
}

std::string SqlCompiler::rollback_to_savepoint(std::string_view name) const {
    return "ROLLBACK TO SAVEPOINT " + quote(name);
}

// ---- DDL ------------------------------------------------------------------

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

std::string_view SqlCompiler::on_delete_clause(OnDelete action) {
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

std::string SqlCompiler::column_definition(const TableDef&, const ColumnDef& column) const {
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

std::string SqlCompiler::create_table(const TableDef& table) const {
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
    return sql;
}

std::string SqlCompiler::create_index(bool unique, std::string_view name, const TableDef& table,
                                      std::string_view columns) const {
    return fmt::format("CREATE {}INDEX IF NOT EXISTS {} ON {} ({})", unique ? "UNIQUE " : "",
                       quote(name), quote(table.name()), columns);
}

std::vector<SqlCompiler::Index> SqlCompiler::create_indexes(const TableDef& table) const {
    std::vector<Index> out;
    for (const auto& column : table.columns()) {
        if (!column.indexed || column.unique || column.primary_key) continue;
        auto name = "ix_" + table.name() + "_" + column.name;
        auto sql = create_index(false, name, table, index_column(table, column.name));
        out.push_back({std::move(name), std::move(sql)});
    }
    for (const auto& index : table.indexes()) {
        std::string columns;
        for (const auto& c : index.columns) {
            if (!columns.empty()) columns += ", ";
            const bool desc = c.ends_with(" DESC");
            columns += index_column(table, desc ? std::string_view(c).substr(0, c.size() - 5) : c);
            if (desc) columns += " DESC";
        }
        out.push_back({index.name, create_index(index.unique, index.name, table, columns)});
    }
    return out;
}

std::string SqlCompiler::drop_table(const TableDef& table) const {
    return "DROP TABLE IF EXISTS " + quote(table.name());
}

std::string SqlCompiler::add_columns(const TableDef& table,
                                     const std::vector<const ColumnDef*>& missing) const {
    std::string sql = "ALTER TABLE " + quote(table.name());
    const char* sep = " ";
    for (const auto* column : missing) {
        sql += sep + ("ADD COLUMN " + column_definition(table, *column));
        sep = ", ";
    }
    return sql;
}

// ---- counters -------------------------------------------------------------

SqlCompiler::CounterNames SqlCompiler::counter_names(const TableDef& table,
                                                     const ColumnDef& column) const {
    const auto& counter = *column.counter;
    return {quote(counter.table), quote(column.name), quote(counter.count_column),
            quote(table.name())};
}

std::string SqlCompiler::count_existing(const TableDef& table, const ColumnDef& column) const {
    const auto n = counter_names(table, column);
    std::string referenced;
    if (column.foreign_key)
        referenced =
            fmt::format(" AND {} IN (SELECT {} FROM {})", n.key, quote(column.foreign_key->column),
                        quote(column.foreign_key->table));
    return fmt::format(
        "INSERT INTO {counts} ({key}, {count}) SELECT {key}, COUNT(*) FROM {table} "
        "WHERE {key} IS NOT NULL{referenced} GROUP BY {key}",
        fmt::arg("counts", n.counts), fmt::arg("key", n.key), fmt::arg("count", n.count),
        fmt::arg("table", n.table), fmt::arg("referenced", referenced));
}

}  // namespace orm
