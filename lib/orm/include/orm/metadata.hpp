#pragma once
// A registry of tables, created and dropped in foreign-key order.
//
//   orm::MetaData metadata;
//   metadata.add<Category>().add<Note>();
//   metadata.create_all(engine.connection());
#include <vector>

#include "orm/model.hpp"

namespace orm {

class Connection;

class MetaData {
  public:
    template <Model T>
    MetaData& add() {
        return add_table(T::table());
    }
    MetaData& add_table(const TableDef& table);

    // Tables so that each comes after the tables it references.
    std::vector<const TableDef*> sorted_tables() const;

    // Creates missing tables, indexes and full-text indexes. Existing tables
    // keep their rows; columns they lack are added, columns too narrow for
    // their declaration are widened where the backend enforces types
    // (nothing is ever dropped),
    // and a new full-text index or counter (orm::counted) covers the rows
    // already there.
    void create_all(Connection& connection) const;
    // Drops every table, full-text index and counter, dependants first.
    void drop_all(Connection& connection) const;

  private:
    std::vector<const TableDef*> tables_;
};

}  // namespace orm
