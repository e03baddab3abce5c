#include "compiler.hpp"

#include <fmt/format.h>

namespace orm {

std::string MysqlCompiler::quote(std::string_view identifier) const {
    std::string out = "`";
    for (char c : identifier) {
        if (c == '`') out += '`';
        out += c;
    }
    return out + "`";
}

std::string MysqlCompiler::column_type(const ColumnDef& column) const {
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

std::string MysqlCompiler::autoincrement_primary_key(const ColumnDef&) const {
    return "BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY";
}

std::string MysqlCompiler::table_options() const {
    return " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
}

std::string MysqlCompiler::upsert(const TableDef& table, std::span<const std::size_t> columns,
                                  std::string_view key) const {
    // VALUES(col): the value the row would have had (MariaDB has no row alias).
    std::string sets;
    for (const auto i : columns) {
        const auto& name = table.columns()[i].name;
        if (name == key) continue;
        if (!sets.empty()) sets += ", ";
        sets += quote(name) + " = VALUES(" + quote(name) + ")";
    }
    return insert(table, columns) + " ON DUPLICATE KEY UPDATE " + sets;
}

std::string MysqlCompiler::column_definition(const TableDef& table, const ColumnDef& column) const {
    // Foreign keys become table constraints (table_constraints()).
    ColumnDef plain = column;
    plain.foreign_key.reset();
    return SqlCompiler::column_definition(table, plain);
}

std::string MysqlCompiler::foreign_key(const ColumnDef& column) const {
    return fmt::format("FOREIGN KEY ({}) REFERENCES {} ({}){}", quote(column.name),
                       quote(column.foreign_key->table), quote(column.foreign_key->column),
                       on_delete_clause(column.foreign_key->on_delete));
}

std::string MysqlCompiler::table_constraints(const TableDef& table) const {
    // MySQL ignores REFERENCES written on a column: foreign keys are table constraints.
    std::string out;
    for (const auto& column : table.columns())
        if (column.foreign_key) out += ", " + foreign_key(column);
    return out;
}

std::string MysqlCompiler::index_column(const TableDef& table, std::string_view name) const {
    // A TEXT column can only be indexed by a prefix (191 characters: 764 bytes).
    const auto* column = table.find(name);
    auto out = quote(name);
    if (column && column->type == ColumnType::Text) out += "(191)";
    return out;
}

std::string MysqlCompiler::create_index(bool unique, std::string_view name, const TableDef& table,
                                        std::string_view columns) const {
    return fmt::format("CREATE {}INDEX {} ON {} ({})", unique ? "UNIQUE " : "", quote(name),
                       quote(table.name()), columns);
}

std::string MysqlCompiler::add_columns(const TableDef& table,
                                       const std::vector<const ColumnDef*>& missing) const {
    // One statement: InnoDB rebuilds the table once. Existing rows get the
    // columns' defaults (CURRENT_TIMESTAMP included, unlike SQLite).
    auto sql = SqlCompiler::add_columns(table, missing);
    for (const auto* column : missing)
        if (column->foreign_key) sql += ", ADD " + foreign_key(*column);
    return sql;
}

}  // namespace orm
