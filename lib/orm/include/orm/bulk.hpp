#pragma once
// Bulk loads: inserting many rows into a table with a full-text column is
// several times faster when the index is built once for all new rows than
// row by row; the same goes for the counts of a counted column.
//
//   auto tx = session.begin();
//   orm::BulkLoad load(session, Note::table());
//   for (...) session.insert(note);
//   load.finish();      // indexes the new rows
//   tx.commit();
//
// Construct it inside the loading transaction. Without finish(), the
// transaction must be rolled back (it is, when an exception escapes).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace orm {

class Session;
class TableDef;
struct ColumnDef;

class BulkLoad {
  public:
    BulkLoad(Session& session, const TableDef& table);
    void finish();

  private:
    Session& session_;
    const TableDef& table_;
    std::vector<std::string> indexes_;  // to build again (Dialect::suspend_indexes)
    std::vector<std::pair<const ColumnDef*, std::int64_t>> suspended_;
    std::vector<std::pair<const ColumnDef*, std::int64_t>> uncounted_;  // counters
};

}  // namespace orm
