#include "archive/writer.hpp"
