#include "orm/bulk.hpp"

#include "orm/connection.hpp"
#include "orm/dialect/dialect.hpp"
#include "orm/session.hpp"

namespace orm {

BulkLoad::BulkLoad(Session& session, const TableDef& table) : session_(session), table_(table) {
    auto& connection = session.connection();
    for (const auto& column : table.columns()) {
        if (!column.fulltext) continue;
        if (auto mark = connection.dialect().suspend_fulltext(connection, table, column))
            suspended_.emplace_back(&column, *mark);
    }
}

void BulkLoad::finish() {
    auto& connection = session_.connection();
    for (const auto& [column, mark] : suspended_)
        connection.dialect().resume_fulltext(connection, table_, *column, mark);
    suspended_.clear();
}

}  // namespace orm
