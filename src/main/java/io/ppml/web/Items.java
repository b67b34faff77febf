package io.ppml.web;

import java.util.List;

/** A list response: an object rather than a bare array, so paging fields can be added without breaking clients. */
public record Items<T>(List<T> items) {
}
