package io.hindsight.app.bench;

/** Finds a byte pattern in a record's value without parsing it (counting consumers must stay cheap). */
final class ByteSearch {
    private ByteSearch() {
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        if (haystack == null || needle.length == 0) {
            return needle.length == 0;
        }
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
