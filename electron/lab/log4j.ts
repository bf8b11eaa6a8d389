/** A log4j2 properties file: one rolling file (10 MB, 2 kept), root at INFO, some loggers quieter. */
export function log4jRollingFile(log: string, quieter: Record<string, 'WARN' | 'ERROR'>, pattern = '[%d] %p %m (%c)%n'): string {
  const loggers = Object.entries(quieter).flatMap(([name, level], i) => [`logger.l${i}.name = ${name}`, `logger.l${i}.level = ${level}`]);
  return [
    'status = warn',
    'appender.file.type = RollingFile',
    'appender.file.name = FILE',
    `appender.file.fileName = ${log}`,
    `appender.file.filePattern = ${log}.%i`,
    'appender.file.layout.type = PatternLayout',
    `appender.file.layout.pattern = ${pattern}`,
    'appender.file.policies.type = Policies',
    'appender.file.policies.size.type = SizeBasedTriggeringPolicy',
    'appender.file.policies.size.size = 10MB',
    'appender.file.strategy.type = DefaultRolloverStrategy',
    'appender.file.strategy.max = 2',
    'rootLogger.level = INFO',
    'rootLogger.appenderRef.file.ref = FILE',
    ...loggers,
    '',
  ].join('\n');
}
