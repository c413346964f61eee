package dev.tokenbroker.github.entity;

/**
 * A file read from a repository (its default branch, or one commit), decoded as UTF-8 (a leading BOM dropped).
 *
 * @param sha         the git blob SHA GitHub reports
 * @param etag        the ETag to revalidate with, exactly as GitHub sent it, or empty
 * @param notModified true when GitHub answered 304 and the text is the one cached for that ETag
 */
public record RepositoryFile(String path, String sha, long size, String text, String etag, boolean notModified) {
}
