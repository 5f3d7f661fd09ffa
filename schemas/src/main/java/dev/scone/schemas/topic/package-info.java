/**
 * The topic contract: the topic names and their settings ({@link
 * dev.scone.schemas.topic.SconeTopics}), the JSON form of every record ({@link
 * dev.scone.schemas.topic.RecordJson}), and the rules a document must follow, which every reader of
 * documents applies.
 */
package dev.scone.schemas.topic;
