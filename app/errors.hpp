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

// stdout or an output file refused our bytes; `error` is the errno.
class OutputError : public std::runtime_error {
  public:
    OutputError(const std::string& what, int error) : std::runtime_error(what), error_(error) {}
    int error() const { return error_; }

  private:
    int error_;
};

// The input (an import file, stdin, the spool beside it) could not be read
// or spooled: exit 4, "io".
class InputError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Reports the exception being handled (call inside a catch block) on stderr,
// as JSON or as one `notes: error: ...` line, and returns the exit code.
int report_current_exception(bool json, bool color) noexcept;

}  // namespace app
