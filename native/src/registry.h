// The clients (producers, consumers) alive in one JavaScript environment (the main thread or a worker).
// When the environment is torn down (a worker exits, the process ends) the registry's destructor closes
// every one still open, newest first, so an exit that forgot close() leaks nothing and leaves no librdkafka
// thread running.
#pragma once

#include <algorithm>
#include <vector>

namespace loadgen {

/** A client a Registry can close. */
class Closable {
 public:
  /** The registry is going away: close, and forget the registry. Must not throw. */
  virtual void detach() noexcept = 0;

 protected:
  ~Closable() = default;
};

class Registry {
 public:
  Registry() = default;
  ~Registry() {
    const std::vector<Closable*> live = std::move(live_);
    live_.clear();
    for (auto it = live.rbegin(); it != live.rend(); ++it) (*it)->detach();
  }
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  void add(Closable* client) { live_.push_back(client); }
  void remove(Closable* client) noexcept { live_.erase(std::remove(live_.begin(), live_.end(), client), live_.end()); }
  size_t size() const noexcept { return live_.size(); }

 private:
  std::vector<Closable*> live_;
};

}  // namespace loadgen
