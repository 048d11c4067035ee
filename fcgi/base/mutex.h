// Mutex and MutexLock: std::mutex with the annotations clang's
// -Wthread-safety needs (thread_annotations.h), as LevelDB's port::Mutex.
// A Mutex is what a GUARDED_BY names; MutexLock holds it for a scope.
#pragma once

#include <mutex>

#include "thread_annotations.h"

namespace levelpress {

class CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;
  void Lock() ACQUIRE() { mu_.lock(); }
  void Unlock() RELEASE() { mu_.unlock(); }
  // Tells the thread-safety analysis what a caller guarantees.
  void AssertHeld() const ASSERT_CAPABILITY(this) {}

 private:
  std::mutex mu_;
};

class SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex* mu) ACQUIRE(mu) : mu_(mu) { mu_->Lock(); }
  ~MutexLock() RELEASE() { mu_->Unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex* const mu_;
};

}  // namespace levelpress
