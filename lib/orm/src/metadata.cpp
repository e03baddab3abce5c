#include "orm/metadata.hpp"

#include <algorithm>
#include <stdexcept>

#include "orm/connection.hpp"
#include "orm/dialect/compiler.hpp"

namespace orm {

MetaData& MetaData::add_table(const TableDef& table) {
    if (std::find(tables_.begin(), tables_.end(), &table) == tables_.end())
        tables_.push_back(&table);
    return *this;
}

std::vector<const TableDef*> MetaData::sorted_tables() const {
    std::vector<const TableDef*> out;
    std::vector<const TableDef*> left = tables_;
    auto placed = [&](const std::string& name) {
        bool known = std::any_of(tables_.begin(), tables_.end(),
                                 [&](const TableDef* t) { return t->name() == name; });
        return !known || std::any_of(out.begin(), out.end(),
                                     [&](const TableDef* t) { return t->name() == name; });
    };
    while (!left.empty()) {
        auto ready = std::find_if(left.begin(), left.end(), [&](const TableDef* t) {
            const auto deps = t->dependencies();
            return std::all_of(deps.begin(), deps.end(), placed);
        });
        if (ready == left.end())
            throw std::logic_error("orm: foreign keys form a cycle between tables");
        out.push_back(*ready);
        left.erase(ready);
    }
    return out;
}

void MetaData::create_all(Connection& connection) const {
    const auto& dialect = connection.dialect();
    for (const auto* table : sorted_tables()) {
        if (dialect.has_table(connection, table->name())) {
            // Adopt a table made by another program: add what it lacks, keep its rows.
            const auto existing = dialect.table_columns(connection, table->name());
            std::vector<const ColumnDef*> missing;
            for (const auto& column : table->columns())
                if (std::find(existing.begin(), existing.end(), column.name) == existing.end())
                    missing.push_back(&column);
            if (!missing.empty()) {
                connection.clear_statement_cache();
                dialect.add_columns(connection, *table, missing);
            }
            dialect.conform_columns(connection, *table);
        }
        dialect.create_table(connection, *table);
        for (const auto& column : table->columns()) {
            if (column.fulltext) dialect.create_fulltext(connection, *table, column);
            if (column.counter) dialect.create_counter(connection, *table, column);
        }
    }
}

void MetaData::drop_all(Connection& connection) const {
    const auto& dialect = connection.dialect();
    connection.clear_statement_cache();
    auto tables = sorted_tables();
    std::reverse(tables.begin(), tables.end());
    for (const auto* table : tables) {
        for (const auto& column : table->columns()) {
            if (column.fulltext) dialect.drop_fulltext(connection, *table, column);
            if (column.counter) dialect.drop_counter(connection, *table, column);
        }
        connection.execute_script(dialect.compiler().drop_table(*table));
    }
}

}  // namespace orm
