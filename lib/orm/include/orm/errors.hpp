#pragma once
// The ORM's one error hierarchy, modelled on SQLAlchemy / DB-API:
//
//   Error
//   ├── UrlError                 malformed or unsupported database URL
//   ├── ValidationError          a value refused before any SQL ran
//   ├── NoResultFound            one() found nothing
//   ├── MultipleResultsFound     one() / one_or_none() found several rows
//   └── DatabaseError            the backend refused (carries statement and code)
//       ├── IntegrityError       unique / foreign key / not null constraint
//       ├── OperationalError     cannot open, connect, read or write; locked; gone away
//       │   ├── SchemaVersionError  the database was written by a newer program
//       │   └── CommitUnknown       the connection was lost during COMMIT: the
//       │                           transaction may or may not have been committed
//       └── ProgrammingError     invalid SQL or API misuse reaching the backend
//
// Backends map their own codes onto these types in their dialect folder, never
// by message text; everything above the dialect sees only these types.
#include <stdexcept>
#include <string>

namespace orm {

class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class UrlError : public Error {
  public:
    using Error::Error;
};

class NoResultFound : public Error {
  public:
    using Error::Error;
};

class MultipleResultsFound : public Error {
  public:
    using Error::Error;
};

// A value refused by the model's declaration (not null, varchar length) before
// it reached the database, so every backend refuses it the same way.
class ValidationError : public Error {
  public:
    ValidationError(std::string table, std::string column, std::string value, std::string rule);
    const std::string& table() const { return table_; }
    const std::string& column() const { return column_; }
    const std::string& value() const { return value_; }

  private:
    std::string table_, column_, value_;
};

class DatabaseError : public Error {
  public:
    // `code` is the backend's own code (SQLite extended result code, MySQL errno).
    // `transient` marks failures worth retrying: busy, locked, deadlock, gone away.
    DatabaseError(const std::string& message, std::string statement = {}, int code = 0,
                  bool transient = false);
    const std::string& statement() const { return statement_; }
    int code() const { return code_; }
    bool transient() const { return transient_; }

  private:
    std::string statement_;
    int code_;
    bool transient_;
};

class IntegrityError : public DatabaseError {
  public:
    using DatabaseError::DatabaseError;
};

class OperationalError : public DatabaseError {
  public:
    using DatabaseError::DatabaseError;
};

class SchemaVersionError : public OperationalError {
  public:
    using OperationalError::OperationalError;
};

// The connection failed while COMMIT was on its way: the server may have
// committed before it went, or not. Never transient: running the work again
// could apply it twice.
class CommitUnknown : public OperationalError {
  public:
    using OperationalError::OperationalError;
};

class ProgrammingError : public DatabaseError {
  public:
    using DatabaseError::DatabaseError;
};

}  // namespace orm
