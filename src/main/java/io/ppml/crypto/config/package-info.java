/** Spring wiring of the crypto module: the data directory, the master key and its sealing-key rotation limits. */
@NullMarked
package io.ppml.crypto.config;

import org.jspecify.annotations.NullMarked;
