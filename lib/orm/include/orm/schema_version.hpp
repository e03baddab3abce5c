#pragma once
// Schema versions: a key/value table records the version of the schema, and
// an ordered list of steps brings an older database up to date in one
// transaction. A database from a newer program is refused.
//
//   orm::SchemaVersion versions("app_meta", "schema_version");
//   versions.upgrade(session, {{1, "initial", [&](orm::Connection& c) { metadata.create_all(c);
//   }}});
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace orm {

class Connection;
class MetaData;
class Session;

struct MigrationStep {
    int version;
    std::string description;
    // Must be safe to run again after a failure half-way: some backends
    // commit DDL implicitly, so a failed step may have partly landed.
    std::function<void(Connection&)> apply;
};

class SchemaVersion {
  public:
    SchemaVersion(std::string table, std::string key);

    const std::string& table() const { return table_; }
    // The recorded version; nullopt when the table or row does not exist, or
    // when one of `required` is missing.
    std::optional<int> current(Connection& connection,
                               const std::vector<std::string>& required = {}) const;
    // Runs the steps above the current version in order, records the last one
    // and commits. Throws SchemaVersionError when the database is newer than
    // the last step. Returns the number of steps run.
    //
    // `schema`, when given, is what the steps lead to: a table of it that is
    // missing although the version is current (dropped by another program,
    // or left behind by an interrupted drop where DDL cannot be rolled back)
    // is created again, keeping every row of the tables that remain. Seeing
    // that every table is there costs no extra statement.
    int upgrade(Session& session, const std::vector<MigrationStep>& steps,
                const MetaData* schema = nullptr) const;
    // Creates the version table when missing (part of upgrade()).
    void create(Connection& connection) const;
    void drop(Connection& connection) const;

  private:
    std::string table_, key_;
};

}  // namespace orm
