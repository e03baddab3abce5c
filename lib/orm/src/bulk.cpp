#include "orm/bulk.hpp"

#include "orm/connection.hpp"
#include "orm/dialect/dialect.hpp"
#include "orm/session.hpp"

namespace orm {

BulkLoad::BulkLoad(Session& session, const TableDef& table) : session_(session), table_(table) {
    auto& connection = session.connection();
    const auto& dialect = connection.dialect();
    indexes_ = dialect.suspend_indexes(connection, table);
    for (const auto& column : table.columns()) {
        if (column.fulltext)
            if (auto mark = dialect.suspend_fulltext(connection, table, column))
                suspended_.emplace_back(&column, *mark);
        if (column.counter)
            if (auto mark = dialect.suspend_counter(connection, table, column))
                uncounted_.emplace_back(&column, *mark);
    }
}

void BulkLoad::finish() {
    auto& connection = session_.connection();
    // The indexes first: counting the new rows reads one of them.
    connection.dialect().resume_indexes(connection, indexes_);
    indexes_.clear();
    for (const auto& [column, mark] : suspended_)
        connection.dialect().resume_fulltext(connection, table_, *column, mark);
    suspended_.clear();
    for (const auto& [column, mark] : uncounted_)
        connection.dialect().resume_counter(connection, table_, *column, mark);
    uncounted_.clear();
}

}  // namespace orm
