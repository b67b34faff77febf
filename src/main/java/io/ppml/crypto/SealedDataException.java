package io.ppml.crypto;

/** A sealed value that does not open: wrong key, wrong associated data, or altered bytes. */
public class SealedDataException extends RuntimeException {

    public SealedDataException(String message) {
        super(message);
    }
}
