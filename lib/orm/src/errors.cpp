#include "orm/errors.hpp"

namespace orm {

ValidationError::ValidationError(std::string table, std::string column, std::string value,
                                 std::string rule)
    : Error(table + "." + column + ": " + value + " " + rule),
      table_(std::move(table)),
      column_(std::move(column)),
      value_(std::move(value)) {}

DatabaseError::DatabaseError(const std::string& message, std::string statement, int code,
                             bool transient)
    : Error(message), statement_(std::move(statement)), code_(code), transient_(transient) {}

}  // namespace orm
