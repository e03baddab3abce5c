#include "compiler.hpp"

#include <fmt/format.h>

namespace orm {

std::string SqliteCompiler::column_type(const ColumnDef& column) const {
    switch (column.type) {
        case ColumnType::Integer:
            return "INTEGER";
        case ColumnType::Double:
            return "REAL";
        case ColumnType::Text:
            return "TEXT";
        case ColumnType::Varchar:
            return fmt::format("VARCHAR({})", column.length);
        case ColumnType::Boolean:
            return "BOOLEAN";
        // Text 'YYYY-MM-DD HH:MM:SS' in UTC, as CURRENT_TIMESTAMP writes it.
        case ColumnType::Timestamp:
            return "DATETIME";
    }
    return "BLOB";
}

std::string SqliteCompiler::autoincrement_primary_key(const ColumnDef& column) const {
    // AUTOINCREMENT: ids are never reused after a delete, as on MySQL. A rowid
    // key leaves the choice to SQLite (max + 1) and skips sqlite_sequence.
    return column.reuse_ids ? "INTEGER PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT";
}

}  // namespace orm
