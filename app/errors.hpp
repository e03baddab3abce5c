#pragma once
// Errors raised by the command line itself, and the one place where every
// exception becomes an exit code and an error.code (errors.cpp).
#include <stdexcept>
#include <string>

namespace app {

// A bad command line noticed by a command rather than by CLI11 (exit 2, "usage").
class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The input (an import file, stdin, the import's spool) cannot be read, or
// the output file cannot be made (exit 4, "io").
class IoError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// stdout or an output file refused our bytes; `error` is the errno (exit 4,
// "io"; a closed pipe ends a read-only command quietly).
class OutputError : public std::runtime_error {
  public:
    OutputError(const std::string& what, int error, bool committed = false)
        : std::runtime_error(what), error_(error), committed_(committed) {}
    int error() const { return error_; }
    // The command had already changed the database (its message says so).
    bool committed() const { return committed_; }

  private:
    int error_;
    bool committed_;
};

// Reports the exception being handled (call inside a catch block) on stderr,
// as JSON or as one `notes: error: ...` line, and returns the exit code.
int report_current_exception(bool json, bool color) noexcept;

}  // namespace app
