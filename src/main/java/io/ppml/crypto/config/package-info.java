/** Spring wiring of the crypto module: the data directory and the master key. */
@NullMarked
package io.ppml.crypto.config;

import org.jspecify.annotations.NullMarked;
